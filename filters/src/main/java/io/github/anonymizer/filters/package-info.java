/** Region filters that hide faces. */
package io.github.anonymizer.filters;
