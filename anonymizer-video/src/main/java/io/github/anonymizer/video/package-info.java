/**
 * Video files, cameras and network streams for the anonymizer, on FFmpeg (bytedeco presets, the
 * FFmpeg C API used directly).
 *
 * <ul>
 *   <li>{@link io.github.anonymizer.video.VideoSource}: a file, camera ({@code "cam"},
 *       {@code /dev/videoN}) or URL as a {@link io.github.anonymizer.core.pipeline.FrameSource}
 *       of upright BGR frames, with microsecond timestamps;</li>
 *   <li>{@link io.github.anonymizer.video.VideoSink}: a
 *       {@link io.github.anonymizer.core.pipeline.FrameSink} writing H.264/MP4 (or what the
 *       extension asks for) atomically, or publishing to a URL, with the source's audio copied or
 *       re-encoded and interleaved by timestamp;</li>
 *   <li>{@link io.github.anonymizer.video.VideoJob}: input + output + anonymizer in one call,
 *       returning statistics.</li>
 * </ul>
 *
 * <p><b>Natives and licences.</b> This module depends on the plain {@code org.bytedeco:ffmpeg}
 * artifact only; the application adds the natives for its platform. The default classifier
 * ({@code linux-x86_64}, ...) is an LGPL build whose H.264 encoder is libopenh264; the
 * {@code <platform>-gpl} classifier adds libx264 and libx265 (GPL). The H.264 encoder is chosen at
 * run time ({@link io.github.anonymizer.video.Encoders}). Camera input loads libavdevice on first
 * use; on Linux it needs the system libraries libpulse0, libasound2 and libxcb1, which files and
 * network streams do not.
 *
 * <p><b>Logging.</b> FFmpeg logs errors to stderr; {@code -Danonymizer.ffmpeg.loglevel=quiet} (or
 * {@code warning}, {@code info}, {@code debug}) changes that, once per JVM.
 */
package io.github.anonymizer.video;
