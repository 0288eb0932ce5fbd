package dev.lox.agent.analysis;

import java.util.Objects;

/**
 * A method as a call site names it.
 *
 * @param owner the binary name of its class ({@code com.example.Crawler}); for a call site, the
 *     class the instruction names, which may be a subclass of the declaring class
 * @param name the method's name
 * @param descriptor its JVM descriptor ({@code (Ljava/lang/String;)V})
 */
public record MethodKey(String owner, String name, String descriptor) {
    public MethodKey {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(descriptor, "descriptor");
    }

    /** {@code com.example.Crawler#fetch(Ljava/lang/String;)V}. */
    @Override
    public String toString() {
        return owner + "#" + name + descriptor;
    }
}
