namespace TinyUNet.Pipeline.Volumetrics;

/// <summary>The grid the volumes were counted on; slice spacing is from slice positions, not SliceThickness.</summary>
public sealed record VolumeGeometry(
    int Rows, int Columns, int Slices, double RowSpacingMm, double ColumnSpacingMm, double SliceSpacingMm, double VoxelVolumeMm3);
