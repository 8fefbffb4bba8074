package dev.tenx.workshop.profile;

import java.util.List;
import java.util.Optional;

/**
 * One stage run's profiles: the broker's and the client's, for each measured window (produce,
 * and replay when it ran). Immutable.
 *
 * @param recordings the JFR files, kept beside the run's logs for a closer look (JDK Mission
 *                   Control, {@code jfr print})
 */
public record StageProfile(List<ProcessProfile> profiles, List<String> recordings) {

    public static final String BROKER = "broker";
    public static final String CLIENT = "client";

    public Optional<ProcessProfile> of(String process, String phase) {
        return profiles.stream().filter(p -> p.process().equals(process) && p.phase().equals(phase)).findFirst();
    }
}
