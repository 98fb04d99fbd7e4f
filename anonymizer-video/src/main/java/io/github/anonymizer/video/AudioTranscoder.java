package io.github.anonymizer.video;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_SMALL_LAST_FRAME;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CAP_VARIABLE_FRAME_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_CHANNEL_LAYOUT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_SAMPLE_FORMAT;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_CONFIG_SAMPLE_RATE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_supported_config;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_ENOMEM;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_compare;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_samples_set_silence;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert_frame;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;

import io.github.anonymizer.api.MediaException;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Re-encodes audio packets for an output container that cannot take the input's codec: decode,
 * resample (libswresample) to the encoder's format, rate and layout, cut into the encoder's frame
 * size (AVAudioFifo), encode. Output timestamps count samples from the first decoded frame.
 *
 * <p>Confined to the sink's writer thread. Owns its codec contexts, resampler, FIFO and frames;
 * {@link #close()} frees them (idempotent).
 */
final class AudioTranscoder implements AutoCloseable {

    /** Receives each encoded packet (timestamps in {@link #timeBase()}); must consume it. */
    interface Output {
        void accept(AVPacket packet);
    }

    private final String name;
    private AVCodecContext dec;
    private AVCodecContext enc;
    private SwrContext swr;
    private AVAudioFifo fifo;
    private AVFrame decoded;
    private AVFrame converted;
    private AVFrame chunk;
    private AVPacket pkt;
    private final Rational inTimeBase;
    private final Rational outTimeBase;
    private final int frameSize;
    private final boolean padLastFrame;
    private long nextPts = AV_NOPTS_VALUE;
    private long corrupt;

    AudioTranscoder(String name, AVCodecParameters in, Rational inTimeBase, AVCodec encoder, long bitrate,
            boolean globalHeader) {
        this.name = name;
        this.inTimeBase = inTimeBase;
        boolean ok = false;
        try {
            AVCodec decoder = avcodec_find_decoder(in.codec_id());
            String codecName = avcodec_get_name(in.codec_id()).getString();
            if (decoder == null || decoder.isNull()) {
                throw new MediaException(name, "this FFmpeg build cannot decode " + codecName + " audio to re-encode it;"
                        + " drop the audio", null);
            }
            dec = avcodec_alloc_context3(decoder);
            check(avcodec_parameters_to_context(dec, in), "cannot set up the " + codecName + " audio decoder");
            dec.pkt_timebase().num(inTimeBase.num()).den(inTimeBase.den());
            check(avcodec_open2(dec, decoder, (AVDictionary) null), "cannot open the " + codecName + " audio decoder");

            enc = avcodec_alloc_context3(encoder);
            int rate = chooseRate(encoder, dec.sample_rate() > 0 ? dec.sample_rate() : 48_000);
            enc.sample_rate(rate);
            enc.sample_fmt(chooseSampleFormat(encoder, dec.sample_fmt()));
            chooseLayout(encoder, dec.ch_layout(), enc.ch_layout());
            enc.bit_rate(bitrate);
            enc.time_base().num(1).den(rate);
            if (globalHeader) {
                enc.flags(enc.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            int r = avcodec_open2(enc, encoder, (AVDictionary) null);
            if (r < 0) {
                throw new MediaException(name, "cannot open the " + encoder.name().getString() + " audio encoder: "
                        + Ff.err(r), null);
            }
            outTimeBase = new Rational(1, rate);
            boolean variable = (encoder.capabilities() & AV_CODEC_CAP_VARIABLE_FRAME_SIZE) != 0;
            frameSize = enc.frame_size() > 0 && !variable ? enc.frame_size() : 1024;
            padLastFrame = !variable && (encoder.capabilities() & AV_CODEC_CAP_SMALL_LAST_FRAME) == 0;

            swr = swr_alloc();
            fifo = av_audio_fifo_alloc(enc.sample_fmt(), enc.ch_layout().nb_channels(), frameSize);
            decoded = av_frame_alloc();
            converted = av_frame_alloc();
            chunk = av_frame_alloc();
            pkt = av_packet_alloc();
            if (isNull(swr) || isNull(fifo) || isNull(decoded) || isNull(converted) || isNull(chunk) || isNull(pkt)) {
                throw new OutOfMemoryError("audio transcoder buffers");
            }
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** The opened encoder (for the stream parameters). */
    AVCodecContext encoder() {
        return enc;
    }

    /** Time base of the packets given to {@link Output}: one tick per sample. */
    Rational timeBase() {
        return outTimeBase;
    }

    /** Audio packets the decoder rejected. */
    long corruptPackets() {
        return corrupt;
    }

    /** Decodes one input packet (timestamps in the input time base) and encodes what is ready. */
    void encode(AVPacket in, Output out) {
        int r = avcodec_send_packet(dec, in);
        if (r == AVERROR_ENOMEM()) {
            throw new MediaException(name, "out of memory while decoding audio", null);
        }
        if (r < 0) {
            corrupt++; // a damaged audio packet: skip it, as players do
            return;
        }
        receiveDecoded(out);
    }

    /** Drains decoder, resampler and encoder at the end. */
    void flush(Output out) {
        int r = avcodec_send_packet(dec, null);
        if (r >= 0 || r == AVERROR_EOF) {
            receiveDecoded(out);
        }
        // resampler tail
        prepare(converted);
        r = swr_convert_frame(swr, converted, null);
        if (r >= 0 && converted.nb_samples() > 0) {
            av_audio_fifo_write(fifo, converted.extended_data(), converted.nb_samples());
        }
        av_frame_unref(converted);
        encodeFifo(out, true);
        check(avcodec_send_frame(enc, null), "cannot flush the audio encoder");
        drainEncoder(out);
    }

    private void receiveDecoded(Output out) {
        while (true) {
            int r = avcodec_receive_frame(dec, decoded);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            if (r < 0) {
                corrupt++;
                continue;
            }
            try {
                if (nextPts == AV_NOPTS_VALUE) {
                    long ts = decoded.best_effort_timestamp();
                    nextPts = ts == AV_NOPTS_VALUE ? 0 : Math.max(0, Ff.rescale(ts, inTimeBase, outTimeBase));
                }
                prepare(converted);
                check(swr_convert_frame(swr, converted, decoded), "cannot resample the audio");
                if (converted.nb_samples() > 0) {
                    int n = converted.nb_samples();
                    if (av_audio_fifo_write(fifo, converted.extended_data(), n) < n) {
                        throw new OutOfMemoryError("av_audio_fifo_write");
                    }
                }
            } finally {
                av_frame_unref(converted);
                av_frame_unref(decoded);
            }
            encodeFifo(out, false);
        }
    }

    private void prepare(AVFrame f) {
        f.format(enc.sample_fmt());
        f.sample_rate(enc.sample_rate());
        check(av_channel_layout_copy(f.ch_layout(), enc.ch_layout()), "cannot set the channel layout");
    }

    private void encodeFifo(Output out, boolean flushing) {
        while (av_audio_fifo_size(fifo) >= frameSize || (flushing && av_audio_fifo_size(fifo) > 0)) {
            int n = Math.min(frameSize, av_audio_fifo_size(fifo));
            int size = padLastFrame ? frameSize : n;
            prepare(chunk);
            chunk.nb_samples(size);
            try {
                check(av_frame_get_buffer(chunk, 0), "cannot allocate an audio frame");
                if (size > n) {
                    av_samples_set_silence(chunk.extended_data(), 0, size, enc.ch_layout().nb_channels(),
                            enc.sample_fmt());
                }
                if (av_audio_fifo_read(fifo, chunk.extended_data(), n) < n) {
                    throw new MediaException(name, "audio buffer underrun", null);
                }
                chunk.nb_samples(size);
                chunk.pts(nextPts == AV_NOPTS_VALUE ? 0 : nextPts);
                nextPts = chunk.pts() + n;
                int r = avcodec_send_frame(enc, chunk);
                if (r < 0) {
                    throw new MediaException(name, "the audio encoder refused a frame: " + Ff.err(r), null);
                }
            } finally {
                av_frame_unref(chunk);
            }
            drainEncoder(out);
        }
    }

    private void drainEncoder(Output out) {
        while (true) {
            int r = avcodec_receive_packet(enc, pkt);
            if (r == AVERROR_EAGAIN() || r == AVERROR_EOF) {
                return;
            }
            check(r, "the audio encoder failed");
            out.accept(pkt);
        }
    }

    private static int chooseRate(AVCodec codec, int wanted) {
        List<Integer> rates = VideoSink.supported(codec, AV_CODEC_CONFIG_SAMPLE_RATE);
        if (rates.isEmpty() || rates.contains(wanted)) {
            return wanted;
        }
        int best = rates.get(0);
        for (int r : rates) {
            if (Math.abs(r - wanted) < Math.abs(best - wanted)) {
                best = r;
            }
        }
        return best;
    }

    private static int chooseSampleFormat(AVCodec codec, int wanted) {
        List<Integer> formats = VideoSink.supported(codec, AV_CODEC_CONFIG_SAMPLE_FORMAT);
        if (formats.isEmpty() || formats.contains(wanted)) {
            return wanted;
        }
        return formats.get(0);
    }

    /** Copies the input layout into {@code target} when the encoder takes it, else stereo or its first layout. */
    private static void chooseLayout(AVCodec codec, AVChannelLayout wanted, AVChannelLayout target) {
        try (PointerPointer<Pointer> list = new PointerPointer<>(1); IntPointer count = new IntPointer(1)) {
            avcodec_get_supported_config(null, codec, AV_CODEC_CONFIG_CHANNEL_LAYOUT, 0, list, count);
            if (list.get(0) == null || count.get() == 0) {
                copyOrStereo(wanted, target);
                return;
            }
            AVChannelLayout layouts = new AVChannelLayout(list.get(0));
            AVChannelLayout stereo = null;
            for (int i = 0; i < count.get(); i++) {
                AVChannelLayout l = new AVChannelLayout(layouts).position(i);
                if (av_channel_layout_compare(l, wanted) == 0) {
                    av_channel_layout_copy(target, l);
                    return;
                }
                if (l.nb_channels() == 2 && stereo == null) {
                    stereo = l;
                }
            }
            av_channel_layout_copy(target, stereo != null ? stereo : new AVChannelLayout(layouts).position(0));
        }
    }

    private static void copyOrStereo(AVChannelLayout wanted, AVChannelLayout target) {
        if (wanted.nb_channels() > 0) {
            av_channel_layout_copy(target, wanted);
        } else {
            av_channel_layout_default(target, 2);
        }
    }

    private void check(int r, String what) {
        if (r < 0) {
            throw new MediaException(name, what + ": " + Ff.err(r), null);
        }
    }

    private static boolean isNull(Pointer p) {
        return p == null || p.isNull();
    }

    @Override
    public void close() {
        if (dec != null) {
            avcodec_free_context(dec);
            dec = null;
        }
        if (enc != null) {
            avcodec_free_context(enc);
            enc = null;
        }
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
        if (fifo != null) {
            av_audio_fifo_free(fifo);
            fifo = null;
        }
        for (AVFrame f : new AVFrame[] {decoded, converted, chunk}) {
            if (f != null) {
                av_frame_free(f);
            }
        }
        decoded = converted = chunk = null;
        if (pkt != null) {
            av_packet_free(pkt);
            pkt = null;
        }
    }
}
