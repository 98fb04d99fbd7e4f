/**
 * Detector models as part of the API: the {@link io.github.anonymizer.core.model.ModelCatalog}
 * of every model a bundled detector can use (official URLs, sizes, the publisher's digests,
 * licences), offline resolution and verification ({@link io.github.anonymizer.core.model.ModelStore}),
 * an explicit, verified download into the user cache
 * ({@link io.github.anonymizer.core.model.ModelDownloader}), and cheap format checks run before a
 * native loader sees a file ({@link io.github.anonymizer.core.model.ModelFormat}).
 *
 * <p>Only {@code install} uses the network, and only when called.
 */
package io.github.anonymizer.core.model;
