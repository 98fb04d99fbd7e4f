package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_DATA_DISPLAYMATRIX;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_side_data_get;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_display_rotation_get;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An independent reader for test assertions: decodes every stream of a file with the plain FFmpeg
 * API (not VideoSource) and reports what it found, so tests never trust the writer.
 */
final class MediaProbe {
    private MediaProbe() {}

    /** One decoded stream. */
    record Stream(int index, String type, String codec, int width, int height, double avgFrameRate, int rotation,
            long frames, long firstMicros, long endMicros, long samples, int sampleRate) {
        /** Video: first to last frame plus one frame; audio: decoded samples / rate. */
        long durationMicros() {
            if ("audio".equals(type)) {
                return Math.round(samples * 1e6 / sampleRate);
            }
            return endMicros - firstMicros;
        }
    }

    /** What a file holds. */
    record Info(String format, List<Stream> streams, Map<Long, Mat> frames) implements AutoCloseable {
        Stream video() {
            return streams.stream().filter(s -> s.type().equals("video")).findFirst().orElseThrow();
        }

        List<Stream> audio() {
            return streams.stream().filter(s -> s.type().equals("audio")).toList();
        }

        @Override
        public void close() {
            frames.values().forEach(Mat::close);
        }
    }

    static Info probe(Path file) {
        return probe(file, Set.of());
    }

    /** Decodes everything; keeps the video frames whose numbers are in {@code keep} as BGR Mats. */
    static Info probe(Path file, Set<Long> keep) {
        AVFormatContext fmt = new AVFormatContext(null);
        int r = avformat_open_input(fmt, file.toString(), null, null);
        if (r < 0) {
            throw new IllegalStateException("cannot open " + file + ": " + Ff.err(r));
        }
        Map<Integer, AVCodecContext> decoders = new HashMap<>();
        Map<Integer, long[]> stats = new HashMap<>(); // frames, first, lastEnd, samples
        Map<Long, Mat> kept = new HashMap<>();
        AVPacket pkt = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        SwsContext sws = null;
        try {
            if (avformat_find_stream_info(fmt, (AVDictionary) null) < 0) {
                throw new IllegalStateException("no stream info in " + file);
            }
            for (int i = 0; i < fmt.nb_streams(); i++) {
                AVCodecParameters par = fmt.streams(i).codecpar();
                if (par.codec_type() != AVMEDIA_TYPE_VIDEO && par.codec_type() != AVMEDIA_TYPE_AUDIO) {
                    continue;
                }
                AVCodec codec = avcodec_find_decoder(par.codec_id());
                AVCodecContext c = avcodec_alloc_context3(codec);
                avcodec_parameters_to_context(c, par);
                c.pkt_timebase(fmt.streams(i).time_base());
                if (avcodec_open2(c, codec, (AVDictionary) null) < 0) {
                    throw new IllegalStateException("cannot open decoder for stream " + i + " of " + file);
                }
                decoders.put(i, c);
                stats.put(i, new long[] {0, Long.MIN_VALUE, Long.MIN_VALUE, 0});
            }
            boolean eof = false;
            while (!eof) {
                r = av_read_frame(fmt, pkt);
                int si;
                if (r < 0) {
                    eof = true;
                    si = -1;
                } else {
                    si = pkt.stream_index();
                }
                for (Map.Entry<Integer, AVCodecContext> e : decoders.entrySet()) {
                    if (!eof && e.getKey() != si) {
                        continue;
                    }
                    avcodec_send_packet(e.getValue(), eof ? null : pkt);
                    while (avcodec_receive_frame(e.getValue(), frame) == 0) {
                        long[] s = stats.get(e.getKey());
                        AVStream st = fmt.streams(e.getKey());
                        Rational tb = new Rational(st.time_base().num(), st.time_base().den());
                        long ts = frame.best_effort_timestamp();
                        long us = ts == AV_NOPTS_VALUE ? 0 : Ff.rescale(ts, tb, Ff.MICROS);
                        if (s[1] == Long.MIN_VALUE) {
                            s[1] = us;
                        }
                        long dur = frame.duration() > 0 ? Ff.rescale(frame.duration(), tb, Ff.MICROS) : 0;
                        if (st.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
                            if (dur == 0) {
                                dur = Math.round(1e6 / (st.avg_frame_rate().num() / (double) st.avg_frame_rate().den()));
                            }
                            if (keep.contains(s[0])) {
                                Mat m = new Mat(frame.height(), frame.width(), CV_8UC3);
                                sws = sws_getContext(frame.width(), frame.height(), frame.format(), frame.width(),
                                        frame.height(), AV_PIX_FMT_BGR24, SWS_BICUBIC, null, null, (DoublePointer) null);
                                try (PointerPointer<BytePointer> dst = new PointerPointer<>(1);
                                        IntPointer stride = new IntPointer(1)) {
                                    dst.put(0, m.data());
                                    stride.put(0, (int) m.step());
                                    sws_scale(sws, frame.data(), frame.linesize(), 0, frame.height(), dst, stride);
                                }
                                sws_freeContext(sws);
                                sws = null;
                                kept.put(s[0], m);
                            }
                        } else {
                            s[3] += frame.nb_samples();
                        }
                        s[0]++;
                        s[2] = Math.max(s[2], us + dur);
                        av_frame_unref(frame);
                    }
                }
                if (!eof) {
                    av_packet_unref(pkt);
                }
            }
            List<Stream> streams = new ArrayList<>();
            for (int i = 0; i < fmt.nb_streams(); i++) {
                if (!stats.containsKey(i)) {
                    continue;
                }
                AVStream st = fmt.streams(i);
                AVCodecParameters par = st.codecpar();
                long[] s = stats.get(i);
                boolean video = par.codec_type() == AVMEDIA_TYPE_VIDEO;
                double fps = st.avg_frame_rate().den() == 0 ? 0 : st.avg_frame_rate().num() / (double) st.avg_frame_rate().den();
                int rotation = 0;
                AVPacketSideData sd = av_packet_side_data_get(par.coded_side_data(), par.nb_coded_side_data(),
                        AV_PKT_DATA_DISPLAYMATRIX);
                if (sd != null && !sd.isNull()) {
                    rotation = (int) ((Math.round(-av_display_rotation_get(new IntPointer(sd.data()))) % 360 + 360) % 360);
                }
                streams.add(new Stream(i, video ? "video" : "audio", avcodec_get_name(par.codec_id()).getString(),
                        par.width(), par.height(), fps, rotation, s[0], s[1], s[2], s[3], par.sample_rate()));
            }
            return new Info(fmt.iformat().name().getString(), streams, kept);
        } finally {
            decoders.values().forEach(c -> avcodec_free_context(c));
            av_packet_free(pkt);
            av_frame_free(frame);
            avformat_close_input(fmt);
        }
    }
}
