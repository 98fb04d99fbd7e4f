/**
 * Streams through the anonymizer: {@link io.github.anonymizer.core.pipeline.Pipeline} reads
 * frames from a {@link io.github.anonymizer.core.pipeline.FrameSource} on a reader thread into a
 * bounded queue, detects faces on several worker threads, and on the writer thread tracks and
 * holds faces across frames ({@link io.github.anonymizer.core.track.HoldTracker}), hides them
 * and writes the frames in their original order to a {@link
 * io.github.anonymizer.core.pipeline.FrameSink}. Memory stays bounded, live sources drop stale
 * frames instead of falling behind, and every failure fails closed.
 *
 * <p>Video files, cameras and network streams come from the FFmpeg-based sources and sinks of
 * the {@code anonymizer-video} module. Application code can push frames itself with a {@link
 * io.github.anonymizer.core.pipeline.PushSource} and take the results with a {@link
 * io.github.anonymizer.core.pipeline.CallbackSink}:
 *
 * <pre>{@code
 * try (Anonymizer anonymizer = Anonymizer.builder().detector("centerface").build()) {
 *     // live: when the pipeline falls behind, the oldest frames are dropped (and counted)
 *     PushSource camera = PushSource.live("camera", 4, 30);
 *     CallbackSink preview = CallbackSink.of(frame -> {
 *         Mat shown = frame.image();              // anonymized; valid during this call only
 *         window.show(shown);                     // copy (shown.clone()) to keep it
 *     });
 *     Pipeline pipeline = Pipeline.builder(anonymizer)
 *             .source(camera)
 *             .sink(preview)
 *             .workers(2)
 *             .hold(HoldSettings.forFrameRate(30).withBackwardFrames(0))   // no added latency
 *             .progressListener(p -> status.setText(p.framesWritten() + " frames, "
 *                     + p.droppedFrames() + " dropped"))
 *             .build();
 *     CompletableFuture<PipelineResult> done = pipeline.start();         // runs on its own threads
 *
 *     try (Mat bgr = new Mat()) {
 *         while (capturing && grabber.read(bgr)) {          // your capture loop, another thread
 *             if (!camera.push(bgr, grabber.timestampMicros())) {
 *                 break;                                    // the pipeline has ended (failed or cancelled)
 *             }
 *         }
 *     }
 *     camera.end();                                        // or pipeline.cancel() to discard
 *     PipelineResult result = done.join();                 // throws if the job failed
 *     System.out.println(result.framesWritten() + " frames, " + result.tracks() + " faces tracked");
 * }
 * }</pre>
 *
 * <p>{@code PushSource.blocking(...)} instead makes {@code push} wait while the pipeline is busy,
 * so no frame is lost, for offline work. Failures: a file job fails as a whole with a {@link
 * io.github.anonymizer.core.pipeline.PipelineException} naming the frame; a live job writes a
 * frame whose detection failed with the whole picture hidden ({@link
 * io.github.anonymizer.core.pipeline.FailurePolicy}).
 */
package io.github.anonymizer.core.pipeline;
