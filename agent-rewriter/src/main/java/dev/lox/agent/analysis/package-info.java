/**
 * Call-site analysis: which plain calls in a class would scatter inside a gather region, and what
 * could make scattering one of them change what its method computes ({@link
 * dev.lox.agent.config.Hazard}). Pure code over class file bytes, shared by the agent (at class
 * load) and {@code java -jar lox-agent.jar check} (over a whole class path); it touches Byte Buddy's
 * ASM, so in the agent jar it lives in the nested rewriter jar.
 *
 * <p>Entry point: {@link dev.lox.agent.analysis.CallSiteAnalyzer#analyze}, given a {@link
 * dev.lox.agent.analysis.MethodRoles} that says which methods are parallel, which are regions and
 * which hazards the rules accept.
 */
package dev.lox.agent.analysis;
