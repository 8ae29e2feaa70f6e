namespace TinyUNet.Training.Imaging;

/// <summary>An 8-bit single-channel image, row-major.</summary>
public sealed record GrayImage(int Width, int Height, byte[] Pixels);
