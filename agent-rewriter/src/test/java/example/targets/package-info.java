/**
 * Classes the transformer tests load through a throwaway child-first loader, so that each load
 * passes through the transformer. Outside dev.lox, which the transformer never instruments. Each
 * class serves one test: lox declares a method once per JVM, so two tests sharing a class would
 * share its pool.
 */
package example.targets;
