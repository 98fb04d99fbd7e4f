package io.github.anonymizer.core.model;

import java.util.Objects;

/**
 * A digest of an official model file, pinned in the catalog, with where it comes from.
 *
 * <p>Only {@linkplain #authoritative() authoritative} digests decide whether a file is the
 * official one; a digest reported by a third party is shown for information but never used to
 * accept or reject a download.
 *
 * <p>Immutable and thread-safe.
 *
 * @param algorithm how the digest is computed
 * @param hex the digest, lower-case hex
 * @param source who vouches for it
 * @param origin where exactly it was published (a file, a model list, a commit), for reports
 */
public record PublishedDigest(DigestAlgorithm algorithm, String hex, Source source, String origin) {

    /** Who vouches for a digest. Immutable and thread-safe (an enum). */
    public enum Source {
        /**
         * Published by the model's publisher: in their model list, their download script, or as
         * the content address (git blob id, Git LFS object id) of the file in their repository at
         * the pinned commit.
         */
        PUBLISHER,
        /**
         * The publisher gives no digest; this one was computed by this project from the file taken
         * from the publisher's repository at the pinned commit (see the shared models' provenance).
         */
        PROJECT_PINNED,
        /** Reported by a third party and not verified by this project: informational only. */
        THIRD_PARTY
    }

    public PublishedDigest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(origin, "origin");
        if (!algorithm.isWellFormed(hex)) {
            throw new IllegalArgumentException(algorithm.label() + " digest '" + hex + "' is not "
                    + algorithm.hexLength() + " lower-case hex digits");
        }
    }

    /** A digest the publisher gave. */
    public static PublishedDigest publisher(DigestAlgorithm algorithm, String hex, String origin) {
        return new PublishedDigest(algorithm, hex, Source.PUBLISHER, origin);
    }

    /** Whether this digest decides if a file is official ({@link Source#THIRD_PARTY} does not). */
    public boolean authoritative() {
        return source != Source.THIRD_PARTY;
    }

    /** For messages: {@code "SHA-1 4f2fdf6f..."}. */
    @Override
    public String toString() {
        return algorithm.label() + " " + hex + " (" + switch (source) {
            case PUBLISHER -> "published: ";
            case PROJECT_PINNED -> "pinned by this project: ";
            case THIRD_PARTY -> "reported by a third party, not verified: ";
        } + origin + ")";
    }
}
