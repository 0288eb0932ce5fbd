/**
 * The advice Byte Buddy inlines into application classes, and nothing else. Advice classes are
 * static and stateless; their code is copied into each instrumented method, so it runs in the
 * application's class loader and may only call what that loader sees: lox-api's
 * {@code dev.lox.internal} (the agent jar is on the application class path).
 */
package dev.lox.agent.bootstrap;
