/**
 * Region filters that hide faces, and the {@link io.github.anonymizer.filters.Filters} entry point.
 *
 * <p>Every filter implements {@link io.github.anonymizer.api.RegionFilter}: the core passes it a
 * view of the frame restricted to one region's pixel rectangle and composites the result through
 * the mask shape. Filters handle 8-bit and 16-bit frames with 1 (gray), 3 (BGR) or 4 (BGRA)
 * channels, keep the alpha channel of BGRA frames, never write outside the view, and are
 * thread-safe: one instance serves all worker threads.
 *
 * <ul>
 *   <li>{@link io.github.anonymizer.filters.GaussianBlurFilter} ({@code blur}, the default)
 *   <li>{@link io.github.anonymizer.filters.PixelateFilter} ({@code mosaic})
 *   <li>{@link io.github.anonymizer.filters.SolidFillFilter} ({@code solid})
 *   <li>{@link io.github.anonymizer.filters.ImageReplaceFilter} ({@code img}: stretched picture or background plate)
 *   <li>{@link io.github.anonymizer.filters.NoneFilter} ({@code none})
 *   <li>{@link io.github.anonymizer.filters.DebugOverlay} ({@code overlay})
 * </ul>
 */
package io.github.anonymizer.filters;
