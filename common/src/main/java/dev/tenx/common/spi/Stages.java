package dev.tenx.common.spi;

import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the stages on the classpath. */
public final class Stages {

    private Stages() {}

    /** Every stage on the classpath, in stage order. */
    public static List<Stage> all() {
        return ServiceLoader.load(Stage.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparingInt(Stage::number))
                .collect(Collectors.toList());
    }

    /** The stage with this name or number ({@code stage0-naive}, {@code stage0}, {@code 0}). */
    public static Stage byName(String name) {
        List<Stage> all = all();
        for (Stage s : all) {
            if (s.name().equals(name) || s.name().startsWith(name + "-") || String.valueOf(s.number()).equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage=" + name + "; on the classpath: "
                + all.stream().map(Stage::name).collect(Collectors.toList()));
    }
}
