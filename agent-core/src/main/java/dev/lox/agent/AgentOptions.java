package dev.lox.agent;

import dev.lox.agent.config.ConfigException;

/**
 * The agent's options: {@code -javaagent:lox-agent.jar=[configPath][,verbose][,cluster=CLUSTER]}. The config file
 * may also come from {@code -Dlox.config=...} or the environment variable {@code LOX_CONFIG}; the
 * agent argument wins over the property, which wins over the environment.
 *
 * @param configPath the config file as the user wrote it, or null for none
 * @param configSource where the path came from, for messages
 * @param verbose whether to list each method instrumented and why
 * @param cluster the cluster {@code cluster=...} names for {@code @Lox.Cluster} pools ({@code local:N}
 *     or a Hazelcast configuration file), or null; it wins over {@code -Dlox.cluster} and
 *     {@code LOX_CLUSTER}, which {@code dev.lox.internal.ClusterSetting} reads when a cluster pool opens
 */
record AgentOptions(String configPath, String configSource, boolean verbose, String cluster) {
    private static final String CLUSTER = "cluster=";

    AgentOptions(String configPath, String configSource, boolean verbose) {
        this(configPath, configSource, verbose, null);
    }

    /** Parses the options; {@code property} and {@code environment} may be null. */
    static AgentOptions parse(String agentArgs, String property, String environment) throws ConfigException {
        String path = null;
        boolean verbose = false;
        String cluster = null;
        if (agentArgs != null) {
            for (String raw : agentArgs.split(",", -1)) {
                String option = raw.strip();
                if (option.isEmpty()) {
                    continue;
                }
                if (option.equals("verbose")) {
                    verbose = true;
                } else if (option.startsWith(CLUSTER)) {
                    cluster = option.substring(CLUSTER.length()).strip();
                    if (cluster.isEmpty()) {
                        throw new ConfigException("lox: -javaagent option \"" + option + "\" names no cluster: write cluster=local:N"
                                + " (N member JVMs on this machine) or cluster=PATH of a Hazelcast configuration file");
                    }
                } else if (path == null) {
                    path = option;
                } else {
                    throw new ConfigException("lox: -javaagent options \"" + agentArgs + "\" name two config files, \""
                            + path + "\" and \"" + option + "\": write -javaagent:lox-agent.jar=CONFIG_FILE[,verbose][,cluster=CLUSTER]");
                }
            }
        }
        if (path != null) {
            return new AgentOptions(path, "-javaagent:lox-agent.jar=" + agentArgs, verbose, cluster);
        }
        if (property != null && !property.isBlank()) {
            return new AgentOptions(property.strip(), "-Dlox.config", verbose, cluster);
        }
        if (environment != null && !environment.isBlank()) {
            return new AgentOptions(environment.strip(), "LOX_CONFIG", verbose, cluster);
        }
        return new AgentOptions(null, null, verbose, cluster);
    }
}
