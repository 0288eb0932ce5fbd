/**
 * {@code java -jar lox-agent.jar check}: what the agent would do with a config file and an
 * application, found from its class files alone ({@link dev.lox.agent.check.Check} is the entry
 * point). It reads class files with Byte Buddy's ASM and judges call sites with
 * {@code dev.lox.agent.analysis}, so in the agent jar it lives in the nested rewriter jar, opened by
 * {@code dev.lox.agent.Main}; the agent's start-up never loads it.
 *
 * <p>The pipeline: {@code ClassPathReader} (folders, jars, fat jars) to {@code ClassFiles};
 * {@code Marker} decides what each method is, as the agent would; {@code RegionWalk} follows each
 * region's calls over {@code CallGraph}; {@code CallSites} judges them with the call-site analysis
 * ({@code ClassPathRoles} answers its questions from the whole class path); {@code TravelCheck}
 * walks process methods' types; {@code Report} writes the findings.
 */
package dev.lox.agent.check;
