package dev.tenx.workshop;

import dev.tenx.common.spi.Stage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The knobs a run is under, as the console shows them before anything starts: every runner key
 * and every stage key the run set, with its value and where it came from, so that a knob that
 * did not take is seen before the run rather than guessed at from its figures.
 *
 * <p>Where a key came from: {@code command line} ({@code -Dkey=value}, or a {@code key=value}
 * argument to plain {@code java}); {@code profile} (an argument that a Maven profile's
 * {@code exec:java} configuration passes, such as {@code stages} under {@code -PstageN} or
 * {@code sweep} under {@code -Plab-*}); {@code default}. A profile's argument whose value a
 * {@code -D} of the same key gave is the command line's; one that only repeats the default is
 * the default's. Immutable.
 *
 * @param lines one per runner key, then one per stage key set, in the order they are printed
 */
record KnobReport(List<Line> lines) {

    /** Where a value came from. */
    enum Source {
        DEFAULT("default"), PROFILE("profile"), COMMAND_LINE("command line");

        private final String text;

        Source(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /**
     * One key in force.
     *
     * @param stages for a stage key, the selected stages that take it; empty for a runner key
     */
    record Line(String key, String value, Source source, List<String> stages) {
    }

    /** Maven sets it in its own JVM, where {@code exec:java} runs the runner: then arguments are a profile's. */
    static final String MAVEN_HOME = "maven.home";

    static KnobReport of(Map<String, String> systemProperties, List<String> args, RunSettings settings,
                         Collection<Stage> stages) {
        Map<String, String> arguments = arguments(args);
        boolean underMaven = systemProperties.containsKey(MAVEN_HOME);
        List<Line> lines = new ArrayList<>();
        settings.runner().values().forEach((key, value) -> lines.add(new Line(key, String.valueOf(value),
                source(key, systemProperties, arguments, underMaven, RunnerConfig.CONFIG.keys().get(key).defaultValue()),
                List.of())));
        settings.stageOverrides().forEach((key, value) -> lines.add(new Line(key, value,
                source(key, systemProperties, arguments, underMaven, null),
                stages.stream().filter(s -> RunSettings.keysOf(s).contains(key)).map(Stage::name).toList())));
        return new KnobReport(List.copyOf(lines));
    }

    private static Source source(String key, Map<String, String> systemProperties, Map<String, String> arguments,
                                 boolean underMaven, Object defaultValue) {
        String argument = arguments.get(key);
        if (argument == null) {
            return systemProperties.containsKey(key) ? Source.COMMAND_LINE : Source.DEFAULT;
        }
        if (!underMaven || argument.equals(systemProperties.get(key))) {
            return Source.COMMAND_LINE;
        }
        return defaultValue != null && argument.equals(String.valueOf(defaultValue)) ? Source.DEFAULT : Source.PROFILE;
    }

    /** The last value of each {@code key=value} argument, as {@link RunSettings} takes them. */
    private static Map<String, String> arguments(List<String> args) {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq > 0) {
                arguments.put(arg.substring(0, eq), arg.substring(eq + 1));
            }
        }
        return arguments;
    }

    /**
     * What was set, one key a line with its source (and, for a stage key, the stages that take
     * it), then every runner key left at its default on one line.
     */
    String toText() {
        StringBuilder sb = new StringBuilder("Knobs in force (key = value, where it came from):\n");
        List<String> defaults = new ArrayList<>();
        int width = lines.stream().filter(l -> l.source() != Source.DEFAULT)
                .mapToInt(l -> l.key().length() + l.value().length()).max().orElse(0) + " = ".length();
        for (Line line : lines) {
            if (line.source() == Source.DEFAULT) {
                defaults.add(line.key() + "=" + line.value());
                continue;
            }
            String setting = line.key() + " = " + line.value();
            sb.append("  ").append(setting).append(" ".repeat(width - setting.length())).append("  ")
                    .append(line.source());
            if (!line.stages().isEmpty()) {
                sb.append(", for ").append(String.join(", ", line.stages()));
            }
            sb.append('\n');
        }
        if (!defaults.isEmpty()) {
            sb.append("  runner keys at their defaults: ").append(String.join(", ", defaults)).append('\n');
        }
        if (lines.stream().noneMatch(l -> !l.stages().isEmpty())) {
            sb.append("  stage keys: every stage at its own defaults\n");
        } else {
            sb.append("  other stage keys: each stage's defaults\n");
        }
        sb.append("  (each stage's resolved config is in results.md)\n");
        return sb.toString();
    }

    /** The line for {@code key}, if the run has one. */
    Line line(String key) {
        return lines.stream().filter(l -> Objects.equals(l.key(), key)).findFirst().orElse(null);
    }
}
