package dev.tenx.workshop.profile;

/**
 * One frame of a sampled stack: the declaring class, fully qualified, and the method name.
 * Immutable.
 */
public record Frame(String type, String method) {

    /** {@code "java.lang.System.arraycopy"}: everything up to the last dot is the class. */
    public static Frame parse(String qualifiedMethod) {
        int dot = qualifiedMethod.lastIndexOf('.');
        if (dot <= 0 || dot == qualifiedMethod.length() - 1) {
            throw new IllegalArgumentException("frame=" + qualifiedMethod + ": expected <class>.<method>");
        }
        return new Frame(qualifiedMethod.substring(0, dot), qualifiedMethod.substring(dot + 1));
    }

    boolean is(String type, String method) {
        return this.type.equals(type) && this.method.equals(method);
    }

    /** The top-level class the frame's class is nested in (a lambda's, an inner class's), or the class itself. */
    String outerType() {
        int dollar = type.indexOf('$');
        return dollar < 0 ? type : type.substring(0, dollar);
    }

    boolean inPackage(String prefix) {
        return type.startsWith(prefix);
    }

    @Override
    public String toString() {
        return type + "." + method;
    }
}
