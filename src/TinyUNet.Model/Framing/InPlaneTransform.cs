using TinyUNet.Model.Bundles;

namespace TinyUNet.Model.Framing;

/// <summary>
/// One of the eight in-plane reorientations of a row-major raster: an optional transpose, then optional mirrors of the
/// columns (left–right) and rows (top–bottom). It takes a slice from its stored orientation to the one a model was
/// trained in, and <see cref="Invert{T}"/> takes the model's labels back onto the stored grid.
/// </summary>
public readonly record struct InPlaneTransform(bool Transpose, bool FlipColumns, bool FlipRows)
{
    public static InPlaneTransform Identity => default;

    public bool IsIdentity => !Transpose && !FlipColumns && !FlipRows;

    /// <summary>
    /// From an axial slice's DICOM row and column directions (patient x and y components, LPS) to a model's orientation.
    /// The radiological view has rows running to the patient's left (+x) and columns to posterior (+y); a slice stored
    /// with its rows along y is transposed first, and a reversed axis is mirrored.
    /// </summary>
    public static InPlaneTransform ToModel(double rowX, double rowY, double columnX, double columnY, SliceOrientation model)
    {
        bool rowsAlongX = Math.Abs(rowX) >= Math.Abs(rowY);
        var toRadiological = rowsAlongX
            ? new InPlaneTransform(false, rowX < 0, columnY < 0)
            : new InPlaneTransform(true, columnX < 0, rowY < 0);
        // Transposing after mirrors equals transposing first with the two mirrors swapped.
        return model == SliceOrientation.Transposed
            ? new InPlaneTransform(!toRadiological.Transpose, toRadiological.FlipRows, toRadiological.FlipColumns)
            : toRadiological;
    }

    /// <summary>Between two orientations of the same slice: the identity, or a transpose (each is the other's transpose).</summary>
    public static InPlaneTransform Between(SliceOrientation from, SliceOrientation to) => new(from != to, false, false);

    /// <summary>Rows and columns after the transform.</summary>
    public (int Rows, int Columns) Shape(int rows, int columns) => Transpose ? (columns, rows) : (rows, columns);

    /// <summary>Writes <paramref name="source"/> (rows × columns) reoriented into <paramref name="target"/>.</summary>
    public void Apply<T>(ReadOnlySpan<T> source, int rows, int columns, Span<T> target)
    {
        Check(source.Length, target.Length, rows, columns);
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < columns; x++)
                target[Map(y, x, rows, columns)] = source[y * columns + x];
    }

    /// <summary>A reoriented copy of <paramref name="source"/> (rows × columns); the source itself when this is the identity.</summary>
    public T[] Apply<T>(T[] source, int rows, int columns)
    {
        if (IsIdentity) return source;
        var target = new T[source.Length];
        Apply<T>(source, rows, columns, target);
        return target;
    }

    /// <summary>The inverse of <see cref="Apply{T}"/>: <paramref name="transformed"/> back onto the rows × columns grid.</summary>
    public void Invert<T>(ReadOnlySpan<T> transformed, int rows, int columns, Span<T> target)
    {
        Check(transformed.Length, target.Length, rows, columns);
        for (int y = 0; y < rows; y++)
            for (int x = 0; x < columns; x++)
                target[y * columns + x] = transformed[Map(y, x, rows, columns)];
    }

    /// <summary>Where a box of a rows × columns raster lands after the transform.</summary>
    public PixelBox Apply(PixelBox box, int rows, int columns)
    {
        var (outRows, outColumns) = Shape(rows, columns);
        int x = Transpose ? box.Y : box.X, y = Transpose ? box.X : box.Y;
        int width = Transpose ? box.Height : box.Width, height = Transpose ? box.Width : box.Height;
        if (FlipColumns) x = outColumns - x - width;
        if (FlipRows) y = outRows - y - height;
        return new PixelBox(x, y, width, height);
    }

    /// <summary>The transform on a tensor whose last two dimensions are rows and columns (what <see cref="Apply{T}(ReadOnlySpan{T}, int, int, Span{T})"/> does to a raster).</summary>
    public TorchSharp.torch.Tensor Apply(TorchSharp.torch.Tensor raster)
    {
        long rowDim = raster.dim() - 2, columnDim = raster.dim() - 1;
        var result = Transpose ? raster.transpose(rowDim, columnDim) : raster.alias();
        if (FlipColumns) result = result.flip(columnDim);
        if (FlipRows) result = result.flip(rowDim);
        return result;
    }

    /// <summary>The inverse of <see cref="Apply(TorchSharp.torch.Tensor)"/>.</summary>
    public TorchSharp.torch.Tensor Invert(TorchSharp.torch.Tensor transformed)
    {
        long rowDim = transformed.dim() - 2, columnDim = transformed.dim() - 1;
        var result = FlipRows ? transformed.flip(rowDim) : transformed.alias();
        if (FlipColumns) result = result.flip(columnDim);
        return Transpose ? result.transpose(rowDim, columnDim) : result;
    }

    private int Map(int y, int x, int rows, int columns)
    {
        var (outRows, outColumns) = Shape(rows, columns);
        int ty = Transpose ? x : y, tx = Transpose ? y : x;
        if (FlipColumns) tx = outColumns - 1 - tx;
        if (FlipRows) ty = outRows - 1 - ty;
        return ty * outColumns + tx;
    }

    private static void Check(int source, int target, int rows, int columns)
    {
        if (source != rows * columns || target != rows * columns)
            throw new ArgumentException($"Rasters of {source} and {target} values for {rows}×{columns}.");
    }
}
