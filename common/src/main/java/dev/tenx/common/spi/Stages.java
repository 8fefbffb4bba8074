package dev.tenx.common.spi;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the stages, and the peers to compare them with ({@link Stage#peer()}), on the classpath. */
public final class Stages {

    private Stages() {}

    /** Every stage on the classpath, in stage order; no peer. */
    public static List<Stage> all() {
        return registered().stream()
                .filter(s -> !s.peer())
                .sorted(Comparator.comparingInt(Stage::number))
                .collect(Collectors.toList());
    }

    /** Every peer on the classpath, in the order they are registered. */
    public static List<Stage> peers() {
        return registered().stream().filter(Stage::peer).collect(Collectors.toList());
    }

    private static List<Stage> registered() {
        return ServiceLoader.load(Stage.class).stream().map(ServiceLoader.Provider::get).collect(Collectors.toList());
    }

    /** The stage or peer with this name or number ({@code stage0-naive}, {@code stage0}, {@code 0}, {@code kafka-defaults}). */
    public static Stage byName(String name) {
        List<Stage> all = registered();
        for (Stage s : all) {
            if (s.peer() && !s.name().equals(name)) {
                continue; // a peer has no number, and no prefix of its name is a short name
            }
            if (s.name().equals(name) || s.name().startsWith(name + "-") || String.valueOf(s.number()).equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage=" + name + "; on the classpath: "
                + all.stream().map(Stage::name).collect(Collectors.toList()));
    }
}
