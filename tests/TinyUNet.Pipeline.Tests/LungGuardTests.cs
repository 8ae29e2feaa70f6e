using TinyUNet.Dicom;
using TinyUNet.Pipeline.Postprocessing;

namespace TinyUNet.Pipeline.Tests;

/// <summary>
/// The anatomical lung guard on generated volumes (1 mm pixels, 2.5 mm slices): a body ellipse of soft tissue in air,
/// two lungs of aerated parenchyma, and what the model gets wrong on whole-field CT placed around them.
/// </summary>
public sealed class LungGuardTests
{
    private const int Size = 160, Slices = 6;
    private const float Air = -1000, Tissue = 40, Lung = -850;
    private static readonly LungPostprocessingOptions Options = new();

    [Fact]
    public void Apply_LungsInsideBody_KeepsLungAndClearsOutsideAirAndFarBody()
    {
        Chest chest = new();
        LabelVolume labels = chest.Labelled(LungClass.LungField);

        LungGuardResult result = LungGuard.Apply(labels, chest.Hu, 1, 1, Options, CancellationToken.None);

        Assert.Equal(chest.LungVoxels, result.HuLungVoxels);
        Assert.Equal(Slices * chest.LungPixelsPerSlice, Count(labels, (x, y, _) => chest.IsLung(x, y)));
        Assert.Equal((byte)LungClass.Background, labels.Voxels[labels.Index(2, 2, 3)]);   // outside air
        Assert.Equal((byte)LungClass.Background, labels.Voxels[labels.Index(80, 128, 3)]); // body far from the lungs
        Assert.True(result.ClearedLungFieldVoxels > 0);
    }

    [Fact]
    public void Apply_DenseLesionAtTheLungEdge_Kept()
    {
        Chest chest = new();
        LabelVolume labels = chest.Labelled(LungClass.LungField, onlyLung: true);
        // Consolidation as dense as soft tissue, up to 10 mm thick, between the right lung's lateral edge (x = 24) and
        // the chest wall (x = 10).
        for (int z = 0; z < Slices; z++)
            for (int y = 70; y < 90; y++)
                for (int x = 14; x < 30; x++)
                    if (!chest.IsLung(x, y)) labels.Voxels[labels.Index(x, y, z)] = (byte)LungClass.Consolidation;
        long before = labels.Count((byte)LungClass.Consolidation);

        LungGuardResult result = LungGuard.Apply(labels, chest.Hu, 1, 1, Options, CancellationToken.None);

        Assert.True(before > 0);
        Assert.Equal(before, labels.Count((byte)LungClass.Consolidation));
        Assert.Equal(0, result.ClearedLesionVoxels);
    }

    [Fact]
    public void Apply_LiverDomeRingedByLungAndBelowIt_Removed()
    {
        // 1.5 mm pixels. Slices 0–1: no lung, soft tissue only (the liver below the diaphragm); slices 2–5: lungs, and on
        // the right lung a 60 mm dome of soft tissue ringed by aerated lung. The model calls the dome consolidation on
        // every slice.
        Chest chest = new(domeRadius: 20, lunglessSlices: 2);
        LabelVolume labels = chest.Labelled(LungClass.LungField, onlyLung: true);
        for (int z = 0; z < Slices; z++)
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                    if (chest.InDome(x, y)) labels.Voxels[labels.Index(x, y, z)] = (byte)LungClass.Consolidation;

        LungGuard.Apply(labels, chest.Hu, 1.5, 1.5, Options, CancellationToken.None);

        Assert.Equal(0, labels.Count((byte)LungClass.Consolidation));
        Assert.True(Count(labels, (x, y, z) => z >= 2 && chest.IsLung(x, y)) > 0, "the lung around the dome was lost");
    }

    [Fact]
    public void Apply_TracheaLabelledLung_ClearedAndLungsKept()
    {
        Chest chest = new(trachea: true);
        LabelVolume labels = chest.Labelled(LungClass.LungField, onlyLung: true);
        for (int z = 0; z < Slices; z++)
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                    if (chest.InTrachea(x, y)) labels.Voxels[labels.Index(x, y, z)] = (byte)LungClass.LungField;

        LungGuard.Apply(labels, chest.Hu, 1, 1, Options, CancellationToken.None);

        Assert.Equal(0, Count(labels, (x, y, _) => chest.InTrachea(x, y)));
        Assert.Equal(Slices * chest.LungPixelsPerSlice, Count(labels, (x, y, _) => chest.IsLung(x, y)));
    }

    [Fact]
    public void Apply_AbdomenWithBowelGas_NoLungLeft()
    {
        Chest abdomen = new(lungs: false, bowelGas: true);
        LabelVolume labels = abdomen.Labelled(LungClass.LungField);
        for (int i = 0; i < labels.Voxels.Length; i += 7) labels.Voxels[i] = (byte)LungClass.Consolidation;

        LungGuardResult result = LungGuard.Apply(labels, abdomen.Hu, 1, 1, Options, CancellationToken.None);

        Assert.Equal(0, result.HuLungVoxels);
        Assert.Equal(labels.Voxels.Length, labels.Count((byte)LungClass.Background));
    }

    [Fact]
    public void Apply_ThoraxCropWithLungTouchingTheBorder_LungAndItsLesionKept()
    {
        // A COVID-SemiSeg-style crop: the right lung runs off the image's left edge, GGO on it at the border.
        Chest chest = new(shiftX: -45);
        LabelVolume labels = chest.Labelled(LungClass.LungField, onlyLung: true);
        Assert.True(chest.IsLung(0, 80), "the test needs a lung that reaches the border");
        for (int z = 0; z < Slices; z++)
            for (int y = 70; y < 90; y++)
                for (int x = 0; x < 10; x++)
                    labels.Voxels[labels.Index(x, y, z)] = (byte)LungClass.GroundGlassOpacity;
        long lesion = labels.Count((byte)LungClass.GroundGlassOpacity);

        LungGuard.Apply(labels, chest.Hu, 1, 1, Options, CancellationToken.None);

        Assert.Equal(lesion, labels.Count((byte)LungClass.GroundGlassOpacity));
        Assert.Equal(Slices * chest.LungPixelsPerSlice, Count(labels, (x, y, _) => chest.IsLung(x, y)));
    }

    [Fact]
    public void Validate_NegativeMargin_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LungPostprocessingOptions { LungGuardMarginMm = -1 }.Validate());

    [Fact]
    public void Validate_AirThresholdAboveWater_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new LungPostprocessingOptions { LungGuardAirBelowHu = 10 }.Validate());

    private static long Count(LabelVolume labels, Func<int, int, int, bool> where)
    {
        long n = 0;
        for (int z = 0; z < labels.Depth; z++)
            for (int y = 0; y < labels.Rows; y++)
                for (int x = 0; x < labels.Columns; x++)
                    if (labels.Voxels[labels.Index(x, y, z)] != 0 && where(x, y, z)) n++;
        return n;
    }

    /// <summary>The generated slices; every slice alike unless a dome or lungless slices are asked for.</summary>
    private sealed class Chest
    {
        private readonly bool lungs, trachea, bowelGas;
        private readonly double domeRadius, shiftX;
        private readonly int lunglessSlices;

        public Chest(bool lungs = true, bool trachea = false, bool bowelGas = false, double domeRadius = 0, int lunglessSlices = 0, double shiftX = 0)
        {
            (this.lungs, this.trachea, this.bowelGas, this.domeRadius, this.lunglessSlices, this.shiftX) =
                (lungs, trachea, bowelGas, domeRadius, lunglessSlices, shiftX);
            var random = new Random(3);
            Hu = [.. Enumerable.Range(0, Slices).Select(z => Slice(z, random))];
            LungPixelsPerSlice = Enumerable.Range(0, Size * Size).Count(i => IsLung(i % Size, i / Size));
            LungVoxels = (long)(Slices - lunglessSlices) * LungPixelsPerSlice;
        }

        public IReadOnlyList<short[]> Hu { get; }
        public int LungPixelsPerSlice { get; }
        public long LungVoxels { get; }

        public bool InBody(int x, int y) => Ellipse(x, y, 80 + shiftX, 80, 70, 55);
        public bool IsLung(int x, int y) => lungs && !InDome(x, y)
            && (Ellipse(x, y, 48 + shiftX, 78, 24, 40) || Ellipse(x, y, 112 + shiftX, 78, 22, 38));
        public bool InDome(int x, int y) => domeRadius > 0 && Ellipse(x, y, 48 + shiftX, 80, domeRadius, domeRadius);
        public bool InTrachea(int x, int y) => trachea && Ellipse(x, y, 80 + shiftX, 60, 7, 7);
        private bool InGas(int x, int y) => bowelGas && (Ellipse(x, y, 55, 70, 12, 8) || Ellipse(x, y, 100, 95, 9, 9) || Ellipse(x, y, 70, 110, 6, 4));

        /// <summary>Labels over the whole grid (<paramref name="onlyLung"/>: only on the lungs) as the model might give them.</summary>
        public LabelVolume Labelled(LungClass cls, bool onlyLung = false)
        {
            var labels = new LabelVolume(Size, Size, Slices);
            for (int z = 0; z < Slices; z++)
                for (int y = 0; y < Size; y++)
                    for (int x = 0; x < Size; x++)
                        if (!onlyLung || (z >= lunglessSlices && IsLung(x, y))) labels.Voxels[labels.Index(x, y, z)] = (byte)cls;
            return labels;
        }

        private short[] Slice(int z, Random random)
        {
            var hu = new short[Size * Size];
            for (int y = 0; y < Size; y++)
                for (int x = 0; x < Size; x++)
                {
                    float value = !InBody(x, y) && !(shiftX != 0 && x < 40) ? Air
                        : z >= lunglessSlices && IsLung(x, y) ? Lung
                        : InTrachea(x, y) || InGas(x, y) ? Air
                        : Tissue;
                    hu[y * Size + x] = (short)MathF.Round(value + (float)(random.NextDouble() - 0.5) * 40);
                }
            return hu;
        }

        private static bool Ellipse(int x, int y, double cx, double cy, double a, double b)
        {
            double dx = (x - cx) / a, dy = (y - cy) / b;
            return dx * dx + dy * dy <= 1;
        }
    }
}
