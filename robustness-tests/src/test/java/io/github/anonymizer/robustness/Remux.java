package io.github.anonymizer.robustness;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
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
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Stream-copy remuxing into files of unusual layout for the bad-input corpus: the streams in
 * another order (audio first), or the video track without any packets. Stateless.
 */
final class Remux {

    private Remux() {}

    /** Copies every stream of {@code in} to {@code out} with the non-video streams first. */
    static void audioFirst(Path in, Path out) {
        copy(in, out, true, Long.MAX_VALUE);
    }

    /** Copies the video stream's parameters but none of its packets (and no other stream). */
    static void videoWithoutFrames(Path in, Path out) {
        copy(in, out, false, 0);
    }

    private static void copy(Path in, Path out, boolean keepOthers, long maxVideoPackets) {
        AVFormatContext ic = new AVFormatContext(null);
        check(avformat_open_input(ic, in.toString(), null, null), "open " + in);
        AVFormatContext oc = new AVFormatContext(null);
        AVPacket pkt = av_packet_alloc();
        boolean allocated = false;
        try {
            check(avformat_find_stream_info(ic, (AVDictionary) null), "stream info");
            check(avformat_alloc_output_context2(oc, null, (String) null, out.toString()), "output " + out);
            allocated = true;
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < ic.nb_streams(); i++) {
                boolean video = ic.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO;
                if (video || keepOthers) {
                    order.add(i);
                }
            }
            order.sort(Comparator.comparing(i -> ic.streams(i).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO));
            int[] map = new int[ic.nb_streams()];
            java.util.Arrays.fill(map, -1);
            for (int i : order) {
                var os = avformat_new_stream(oc, null);
                check(avcodec_parameters_copy(os.codecpar(), ic.streams(i).codecpar()), "parameters");
                os.codecpar().codec_tag(0);
                os.time_base(ic.streams(i).time_base());
                map[i] = os.index();
            }
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, out.toString(), AVIO_FLAG_WRITE), "open " + out);
            oc.pb(pb);
            check(avformat_write_header(oc, (AVDictionary) null), "header");
            long videoPackets = 0;
            while (av_read_frame(ic, pkt) >= 0) {
                int si = pkt.stream_index();
                boolean video = ic.streams(si).codecpar().codec_type() == AVMEDIA_TYPE_VIDEO;
                if (map[si] >= 0 && (!video || videoPackets++ < maxVideoPackets)) {
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
            if (allocated) {
                if (oc.pb() != null) {
                    try (PointerPointer<AVIOContext> p = new PointerPointer<>(1)) {
                        p.put(0, oc.pb());
                        avio_closep(p);
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
            throw new IllegalStateException("remux: " + what + " failed (" + r + ")");
        }
    }
}
