package dev.lox.agent;

import dev.lox.agent.config.ConfigException;
import dev.lox.agent.config.ConfigParser;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import dev.lox.agent.instrument.LoxTransformer;
import dev.lox.worker.JdkAccess;
import java.lang.instrument.Instrumentation;
import java.io.File;
import java.util.List;

/**
 * Starts the agent: reads the options and config file, opens the JDK to process mode, and installs
 * the one class file transformer. Touches no rewriter class: the rewriter and ASM load only when a class
 * really needs rewriting, which keeps the start-up of an application with nothing to instrument
 * close to plain {@code java}.
 */
final class LoxAgent {
    private LoxAgent() {
    }

    static void start(String agentArgs, Instrumentation instrumentation) throws ConfigException {
        String property = System.getProperty("lox.config");
        AgentOptions options = AgentOptions.parse(agentArgs, property, null);
        if (options.configPath() == null) {
            // Read the environment only when it matters: its first read costs start-up time.
            options = AgentOptions.parse(agentArgs, property, System.getenv("LOX_CONFIG"));
        }
        if (options.cluster() != null) {
            dev.lox.internal.ClusterSetting.setAgentOption(options.cluster());
        }
        List<ConfigRule> rules = options.configPath() == null ? List.of()
                : ConfigParser.parse(new File(options.configPath()), options.configPath());
        AgentLog log = new AgentLog(System.err, options.verbose());
        if (options.verbose()) {
            System.setProperty("lox.verbose", "true"); // what process mode says with verbose (WorkerArchive)
            log.verbose(options.configPath() == null ? "no config file; annotations only"
                    : "config " + options.configPath() + " (from " + options.configSource() + "): " + rules.size() + " rules");
        }
        try {
            JdkAccess.open(instrumentation);
        } catch (Throwable t) {
            log.failure("could not open the JDK's internals for process mode; @Lox.Process methods may fail", t);
        }
        instrumentation.addTransformer(new LoxTransformer(CarryMdc.apply(rules, log), log), false);
    }
}
