using TinyUNet.Training.Nifti;

namespace TinyUNet.Training.Tests;

public sealed class NiftiReaderTests
{
    private static readonly int[] Dims = [4, 3, 2];
    private static readonly double[] Raw = [.. Enumerable.Range(0, 24).Select(i => (double)(i * 10))];

    [Theory]
    [InlineData("v.nii")]
    [InlineData("v.nii.gz")]
    public void Read_Int16WithScaling_HeaderFieldsAndScaledVoxels(string name)
    {
        using var temp = new TempFolder();
        NiftiTestFile.Write(temp.File(name), Dims, NiftiDatatype.Int16, Raw, slope: 2, intercept: -1024, spacing: [0.7f, 0.8f, 2.5f]);

        NiftiVolume volume = NiftiReader.Read(temp.File(name));

        Assert.Equal(Dims, volume.Header.Dimensions);
        Assert.Equal(NiftiDatatype.Int16, volume.Header.Datatype);
        Assert.Equal(new[] { 0.7f, 0.8f, 2.5f }, volume.Header.PixelSpacing);
        Assert.Equal(2f, volume.Header.ScaleSlope);
        Assert.Equal(-1024f, volume.Header.ScaleIntercept);
        Assert.Equal(Raw.Select(v => (float)(v * 2 - 1024)), volume.Voxels);
        Assert.Equal(-1024 + 2 * 120f, volume.Slice(1)[0]);
    }

    [Theory]
    [InlineData(NiftiDatatype.UInt8)]
    [InlineData(NiftiDatatype.Float32)]
    [InlineData(NiftiDatatype.Float64)]
    public void Read_OtherDatatypesWithoutScaling_ValuesAsStored(NiftiDatatype datatype)
    {
        using var temp = new TempFolder();
        NiftiTestFile.Write(temp.File("v.nii.gz"), Dims, datatype, Raw);

        NiftiVolume volume = NiftiReader.Read(temp.File("v.nii.gz"));

        Assert.Equal(datatype, volume.Header.Datatype);
        Assert.False(volume.Header.HasScaling);
        Assert.Equal(Raw.Select(v => (float)v), volume.Voxels);
    }

    [Fact]
    public void Read_TruncatedData_ThrowsInvalidData()
    {
        using var temp = new TempFolder();
        NiftiTestFile.Write(temp.File("v.nii"), Dims, NiftiDatatype.Int16, Raw);
        byte[] bytes = File.ReadAllBytes(temp.File("v.nii"));
        File.WriteAllBytes(temp.File("v.nii"), bytes[..(bytes.Length - 10)]);

        var error = Assert.Throws<InvalidDataException>(() => NiftiReader.Read(temp.File("v.nii")));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Read_NotNifti_ThrowsInvalidData()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("v.nii"), new byte[400]);

        Assert.Throws<InvalidDataException>(() => NiftiReader.Read(temp.File("v.nii")));
    }

    [Fact]
    public void Stem_StripsNiiAndGz()
    {
        Assert.Equal("case_1", NiftiReader.Stem("/x/case_1.nii.gz"));
        Assert.Equal("case_1", NiftiReader.Stem("case_1.nii"));
    }
}
