package dev.tenx.workshop.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Profiling for one stage run, from the runner's side: the JVM options that make the broker and
 * the client record ({@link JfrSettings}), and, once both have exited and written their
 * recordings, the profiles of the measured windows ({@link ProfileReader}). Every file goes next
 * to the run's logs: {@code <files>.jfc}, {@code <files>.broker.jfr}, {@code <files>.client.jfr},
 * and a {@code <name>.<process>.<window>.collapsed} file per process and window.
 *
 * <p>Not thread-safe: the thread that runs the stage run uses it.
 */
public final class StageProfiler {

    private final Path files;
    private final Path settings;
    private final String name;

    private StageProfiler(Path files, Path settings, String name) {
        this.files = files;
        this.settings = settings;
        this.name = name;
    }

    /**
     * Writes the settings file for the run whose files are named {@code <files>.*}. {@code name}
     * says which run it is in the collapsed stacks' file names, which are copied beside the results.
     */
    public static StageProfiler forRun(Path files, String name) throws IOException {
        Path settings = Path.of(files + ".jfc");
        Files.writeString(settings, JfrSettings.jfc());
        return new StageProfiler(files, settings, name.replaceAll("[^A-Za-z0-9._=-]+", "_"));
    }

    public List<String> jvmArgs(String process) {
        return JfrSettings.jvmArgs(settings, recording(process));
    }

    /** The profiles of {@code windows} in both recordings; call after both JVMs have exited. */
    public StageProfile read(List<PhaseWindow> windows) throws IOException {
        List<ProcessProfile> profiles = new ArrayList<>();
        String prefix = name;
        profiles.addAll(ProfileReader.read(recording(StageProfile.BROKER), StageProfile.BROKER, windows,
                stack -> false, files.getParent(), prefix));
        profiles.addAll(ProfileReader.read(recording(StageProfile.CLIENT), StageProfile.CLIENT, windows,
                StackClassifier::isDelayProxy, files.getParent(), prefix));
        return new StageProfile(profiles, List.of(recording(StageProfile.BROKER).toString(),
                recording(StageProfile.CLIENT).toString()));
    }

    private Path recording(String process) {
        return Path.of(files + "." + process + ".jfr");
    }
}
