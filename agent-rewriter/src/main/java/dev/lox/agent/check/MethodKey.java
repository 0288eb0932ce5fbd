package dev.lox.agent.check;

/**
 * A method by its class's internal name, its name and its JVM descriptor.
 */
record MethodKey(String owner, String name, String descriptor) {

    /** {@code com.example.Crawler.fetch(String)}: as the agent's messages name a method. */
    String display() {
        return Names.binary(owner) + "." + name + Names.parameters(descriptor);
    }

    /** {@code Crawler.fetch(String)}. */
    String shortDisplay() {
        return Names.simple(owner) + "." + name + Names.parameters(descriptor);
    }

    @Override
    public String toString() {
        return display();
    }
}
