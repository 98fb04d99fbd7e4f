package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/** Stream-copy remuxing for making test inputs: rotated copies, audio-only files, empty videos. */
final class Remux {
    private Remux() {}

    /**
     * Copies the chosen streams of {@code in} to {@code out} (format from its extension).
     *
     * @param video keep the video stream
     * @param audio keep the audio stream
     * @param rotation clockwise display rotation to record on the video stream (0: none)
     * @param maxVideoPackets stop copying video after this many packets (0: header only)
     */
    static void copy(Path in, Path out, boolean video, boolean audio, int rotation, long maxVideoPackets) {
        AVFormatContext ic = new AVFormatContext(null);
        check(avformat_open_input(ic, in.toString(), null, null), "open " + in);
        AVFormatContext oc = null;
        AVPacket pkt = av_packet_alloc();
        try {
            check(avformat_find_stream_info(ic, (AVDictionary) null), "stream info");
            oc = new AVFormatContext(null);
            check(avformat_alloc_output_context2(oc, null, (String) null, out.toString()), "output " + out);
            int[] map = new int[ic.nb_streams()];
            for (int i = 0; i < ic.nb_streams(); i++) {
                map[i] = -1;
                int type = ic.streams(i).codecpar().codec_type();
                if ((type == AVMEDIA_TYPE_VIDEO && video) || (type == AVMEDIA_TYPE_AUDIO && audio)) {
                    AVStream os = avformat_new_stream(oc, null);
                    check(avcodec_parameters_copy(os.codecpar(), ic.streams(i).codecpar()), "copy parameters");
                    os.codecpar().codec_tag(0);
                    os.time_base(ic.streams(i).time_base());
                    if (type == AVMEDIA_TYPE_VIDEO && rotation != 0) {
                        VideoSink.addDisplayMatrix(os.codecpar(), rotation);
                    }
                    map[i] = os.index();
                }
            }
            if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
                AVIOContext pb = new AVIOContext(null);
                check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "open " + out);
                oc.pb(pb);
            }
            check(avformat_write_header(oc, (AVDictionary) null), "header");
            long videoPackets = 0;
            while (av_read_frame(ic, pkt) >= 0) {
                int si = pkt.stream_index();
                boolean isVideo = ic.streams(si).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO;
                if (map[si] >= 0 && (!isVideo || videoPackets++ < maxVideoPackets)) {
                    av_packet_rescale_ts(pkt, ic.streams(si).time_base(), oc.streams(map[si]).time_base());
                    pkt.stream_index(map[si]);
                    pkt.pos(-1);
                    check(av_interleaved_write_frame(oc, pkt), "write");
                }
                av_packet_unref(pkt);
            }
            check(av_write_trailer(oc), "trailer");
        } finally {
            av_packet_free(pkt);
            if (oc != null) {
                if ((oc.oformat().flags() & AVFMT_NOFILE) == 0) {
                    PointerPointer<AVIOContext> pb = new PointerPointer<>(1);
                    try (pb) {
                        pb.put(0, oc.pb());
                        avio_closep(pb);
                        oc.pb(null);
                    }
                }
                avformat_free_context(oc);
            }
            avformat_close_input(ic);
        }
    }

    private static void check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + ": " + Ff.err(r));
        }
    }
}
