using TinyUNet.Model.Bundles;

namespace TinyUNet.Training.Inference;

/// <summary>
/// Class indices for one windowed slice (values in [0, 1] of the bundle's window, row-major, width × height), as the
/// production inference path computes them (the pipeline's <c>SliceSegmenter.SegmentWindowed</c>; the CLI wires it
/// in), so that what <see cref="Evaluator"/> scores is what the worker would write.
/// </summary>
/// <param name="stored">The slice's orientation; null = already the model's (8-bit exports of its training source).</param>
public delegate byte[] SlicePrediction(float[] intensities, int width, int height, SliceOrientation? stored);
