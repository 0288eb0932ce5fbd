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

    // equals and hashCode written out, as in ConfigRule: a record's own bootstrap them through
    // invokedynamic (ObjectMethods), some 40 method handle classes spun at the first class load
    // that lox rewrites, where every millisecond is the application's start-up.

    @Override
    public boolean equals(Object o) {
        return o instanceof MethodKey k && owner.equals(k.owner) && name.equals(k.name) && descriptor.equals(k.descriptor);
    }

    @Override
    public int hashCode() {
        return (owner.hashCode() * 31 + name.hashCode()) * 31 + descriptor.hashCode();
    }

    /** {@code com.example.Crawler#fetch(Ljava/lang/String;)V}. */
    @Override
    public String toString() {
        return owner + "#" + name + descriptor;
    }
}
