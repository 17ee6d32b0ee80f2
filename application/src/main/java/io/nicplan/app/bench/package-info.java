/**
 * Benchmarks the command line runs and prints ({@code ./nicplan bench flextcp}): FlexTCP on two
 * emulated FlexNICs against Linux's kernel TCP over loopback, with the CPU time each one used.
 */
package io.nicplan.app.bench;
