package io.github.anonymizer.video;

import io.github.anonymizer.testing.SharedData;
import java.nio.file.Path;
import java.util.List;

/** The shared test clips (640x480, 29.97 fps, 1-3 s, with audio). */
final class Clips {
    private Clips() {}

    static final List<String> ALL = List.of("h264_aac.mp4", "h264_mp3.mp4", "h265_aac.mp4", "mp4v_aac.mp4",
            "xvid_aac.avi", "vp8_opus.webm", "theora_opus.ogg", "theora_vorbis.ogg", "video_01.mp4");

    static Path clip(String name) {
        return SharedData.video(name);
    }
}
