/** Contract suites that every transport and every service store extends and passes. */
package dev.bosun.tck;
