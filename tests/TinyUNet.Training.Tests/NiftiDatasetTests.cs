using TinyUNet.Model.Bundles;
using TinyUNet.Training.Data;
using TinyUNet.Training.Nifti;

namespace TinyUNet.Training.Tests;

public sealed class NiftiDatasetTests
{
    private static readonly string[] Classes = ["background", "lung", "ggo", "consolidation"];

    [Fact]
    public void Load_LabelledSliceOnly_WindowedAndFlippedToDisplayOrder()
    {
        using var temp = new TempFolder();
        string images = temp.Folder("images"), labels = temp.Folder("labels");
        // 2×2×3 volume in HU: slice z has value −1000 + 500·z everywhere except voxel (0,0) = +1000.
        double[] hu = new double[12];
        for (int z = 0; z < 3; z++) for (int i = 0; i < 4; i++) hu[z * 4 + i] = i == 0 ? 1000 : -1000 + 500 * z;
        double[] lab = new double[12];
        lab[1 * 4 + 0] = 2;   // slice 1, x 0, y 0: consolidation (raw value 2)
        NiftiTestFile.Write(Path.Combine(images, "a.nii.gz"), [2, 2, 3], NiftiDatatype.Int16, hu);
        NiftiTestFile.Write(Path.Combine(labels, "a.nii.gz"), [2, 2, 3], NiftiDatatype.UInt8, lab);
        var spec = new DatasetSpec { Path = temp.Path, Format = DatasetFormat.Nifti, LungField = LungFieldMode.None };

        var dataset = new NiftiDataset(spec, Classes, new ChannelPreprocessing(-500, 1000));
        SegmentationSample sample = dataset.Load(0);

        Assert.Equal(["a_z001"], dataset.SampleNames);
        // Row 0 of the sample is j = 1 of the volume, so voxel (0,0) lands at index 2 (x 0, row 1).
        Assert.Equal(new float[] { 0.5f, 0.5f, 1f, 0.5f }, sample.Intensities);
        Assert.Equal(new byte[] { 0, 0, 3, 0 }, sample.Labels);
    }

    [Fact]
    public void Open_LabelVolumeMissing_ThrowsMissingMask()
    {
        using var temp = new TempFolder();
        NiftiTestFile.Write(Path.Combine(temp.Folder("images"), "a.nii"), [2, 2, 1], NiftiDatatype.Int16, new double[4]);
        temp.Folder("labels");

        var error = Assert.Throws<DatasetException>(() =>
            new NiftiDataset(new DatasetSpec { Path = temp.Path, Format = DatasetFormat.Nifti }, Classes, new ChannelPreprocessing(-500, 1000)));

        Assert.Equal(DatasetErrorKind.MissingMask, error.Kind);
    }
}
