package dev.lox.agent;

import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import dev.lox.internal.CarriedContext;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code carry mdc}: SLF4J's MDC is carried into scattered calls. It concerns no class the
 * transformer sees (lox-api finds MDC itself, on the first scatter), so it is applied here, at
 * start-up, and left out of the rules the transformer matches classes against.
 */
final class CarryMdc {
    private CarryMdc() {
    }

    /** Applies the {@code carry mdc} rules and returns the others. */
    static List<ConfigRule> apply(List<ConfigRule> rules, AgentLog log) {
        List<ConfigRule> rest = new ArrayList<>(rules.size());
        for (ConfigRule rule : rules) {
            if (rule.kind() == ConfigRule.Kind.CARRY_MDC) {
                CarriedContext.carryMdc(rule.origin());
                log.verbose("carrying SLF4J's MDC into scattered calls (" + rule.origin() + ")");
            } else {
                rest.add(rule);
            }
        }
        return rest;
    }
}
