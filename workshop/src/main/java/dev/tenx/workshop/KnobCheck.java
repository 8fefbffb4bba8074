package dev.tenx.workshop;

import dev.tenx.common.config.ConfigException;
import dev.tenx.common.spi.Stage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Which System properties are meant as knobs, and a failure for each one that would not be
 * applied. Under {@code exec:java} every {@code -D} lands among Maven's, the JVM's and Surefire's
 * own properties, and a knob the runner does not take would run with its default and say
 * nothing ({@code -Dmax.inflight=1} for {@code max.in.flight.requests.per.connection}).
 *
 * <p>A property looks like a knob when it is written as every knob is, lower-case words joined
 * by dots ({@code record.size}), outside the namespaces Maven, the JVM, Surefire and the
 * libraries use ({@code maven.repo.local}, {@code style.color}, {@code java.home}, ...), and
 * is not a plugin's {@code <plugin>.skip}. A single word ({@code repeats}, {@code stages}) is a
 * knob only when it is one, or within {@link RunSettings#MAX_TYPO_DISTANCE} edits of one; so
 * {@code -Dtest=Foo} and {@code -DskipTests} (camel case) are Maven's. Each knob-looking
 * property that no selected stage and not the runner defines fails the run, named with the
 * known key closest to it; one that only an unselected stage defines fails too, naming the
 * stages that would take it.
 *
 * <p>Stateless; thread-safe.
 */
final class KnobCheck {

    /** Every knob's spelling: lower-case words of letters and digits, joined by dots. */
    private static final Pattern KNOB_SHAPE = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+)+");
    private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9]*");

    /**
     * First segments of the properties Maven, its wrapper and plugins, the JVM, Surefire and the
     * libraries on this class path read: none is a knob's.
     */
    static final Set<String> FOREIGN_NAMESPACES = Set.of(
            // the JVM and the JDK
            "java", "javax", "jdk", "sun", "com", "org", "os", "user", "file", "line", "path", "native",
            "stdout", "stderr", "awt", "http", "https", "ftp", "socks", "networkaddress", "jnidispatch",
            // Maven, its wrapper, its console and its plugins
            "maven", "mvnw", "mvnd", "classworlds", "library", "jansi", "jline", "guice", "style", "aether",
            "wagon", "env", "project", "settings", "session", "surefire", "failsafe", "junit", "exec",
            "compiler", "jacoco", "checkstyle", "spotless", "spotbugs", "enforcer", "gpg", "javadoc", "pmd",
            "license", "versions", "release", "deploy", "install", "site", "it", "invoker",
            // libraries on the class path
            "io", "net", "jmh", "jna", "log4j", "log4j2", "logback", "slf4j", "testcontainers");
    private static final String PLUGIN_SKIP_SUFFIX = ".skip";

    private KnobCheck() {}

    /**
     * Whether {@code key} is written as a knob and lies outside every foreign namespace; a single
     * word only when it is within a typo of one of {@code keys}.
     */
    static boolean looksLikeKnob(String key, Collection<String> keys) {
        if (WORD.matcher(key).matches()) {
            return keys.stream().anyMatch(k -> EditDistance.between(key, k) <= RunSettings.MAX_TYPO_DISTANCE);
        }
        if (!KNOB_SHAPE.matcher(key).matches() || key.endsWith(PLUGIN_SKIP_SUFFIX)) {
            return false;
        }
        return !FOREIGN_NAMESPACES.contains(key.substring(0, key.indexOf('.')));
    }

    /**
     * Fails, naming every one of them, when a System property that looks like a knob is not a key
     * of the runner or of a selected stage ({@code known}).
     *
     * @param allStages every stage on the class path, to tell a knob of a stage this run does
     *                  not select from a key nothing defines
     * @param keysOf    a stage's keys
     */
    static void failOnUnappliedKnobs(Map<String, String> systemProperties, Set<String> known,
                                     Collection<Stage> allStages, Function<Stage, Set<String>> keysOf) {
        Set<String> everyKey = new TreeSet<>(known);
        allStages.forEach(stage -> everyKey.addAll(keysOf.apply(stage)));
        List<String> problems = new ArrayList<>();
        new TreeMap<>(systemProperties).forEach((key, value) -> {
            if (!known.contains(key) && looksLikeKnob(key, everyKey)) {
                problems.add(problem(key, value, known, allStages, keysOf));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems) + "\nA knob the run does not take would run with "
                    + "its default instead; nothing has started. Every key: workshop/README.md, \"Knobs\", and each "
                    + "stage's README.");
        }
    }

    private static String problem(String key, String value, Set<String> known, Collection<Stage> allStages,
                                  Function<Stage, Set<String>> keysOf) {
        List<String> definers = allStages.stream().filter(s -> keysOf.apply(s).contains(key)).map(Stage::name).toList();
        if (!definers.isEmpty()) {
            return "knob " + key + "=" + value + " is not applied: " + String.join(", ", definers)
                    + (definers.size() == 1 ? " defines it, and this run does not select it" : " define it, and this"
                    + " run selects none of them") + " (-Dstages=... or -PstageN)";
        }
        return "unknown knob " + key + "=" + value + EditDistance.nearest(key, known)
                .map(k -> "; the closest known key is " + k).orElse("");
    }
}
