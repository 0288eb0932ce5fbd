package dev.lox.internal;

/**
 * Which cluster {@code @Lox.Cluster} pools run on: the agent option {@code cluster=...}, else
 * {@code -Dlox.cluster=...}, else the environment variable {@code LOX_CLUSTER}, the precedence of
 * the config file's own three. Read when the first cluster pool opens, not at start-up (the
 * environment's first read costs start-up time).
 *
 * @param value {@code local:N} or a Hazelcast configuration file, as written
 * @param source where it was given, for messages: {@code -javaagent:...=cluster=...}, {@code -Dlox.cluster}, {@code LOX_CLUSTER}
 */
public record ClusterSetting(String value, String source) {
    /** The system property that names the cluster. */
    public static final String PROPERTY = "lox.cluster";
    /** The environment variable that names the cluster. */
    public static final String ENVIRONMENT = "LOX_CLUSTER";

    private static volatile ClusterSetting fromAgent;

    /** The agent's option {@code cluster=...}, given in premain; it wins over the property and the environment. */
    public static void setAgentOption(String value) {
        fromAgent = value == null || value.isBlank() ? null
                : new ClusterSetting(value.strip(), "the agent option cluster=" + value.strip());
    }

    /** The cluster this JVM is given, or null if none is. */
    public static ClusterSetting current() {
        return resolve(fromAgent, System.getProperty(PROPERTY), System.getenv(ENVIRONMENT));
    }

    /** The precedence, as pure code: the agent's option, else the property, else the environment; null if none. */
    static ClusterSetting resolve(ClusterSetting agentOption, String property, String environment) {
        if (agentOption != null) {
            return agentOption;
        }
        if (property != null && !property.isBlank()) {
            return new ClusterSetting(property.strip(), "-D" + PROPERTY);
        }
        if (environment != null && !environment.isBlank()) {
            return new ClusterSetting(environment.strip(), ENVIRONMENT);
        }
        return null;
    }
}
