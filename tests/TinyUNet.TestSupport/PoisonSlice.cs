namespace TinyUNet.TestSupport;

/// <summary>
/// A slice on which GDCM aborts the process that decodes it: the header of a real slice of the series (UIDs, position,
/// everything selection reads, so it stays a member of that series) with the JPEG-lossless pixel data of a real CT
/// (DICOM WG04's JPLL) and BitsAllocated set to 32. GDCM 3.0.21 then fails `Assertion 'Internal'` in
/// gdcmJPEGCodec.cxx:259 and calls abort(): the poison file an operator found in the field.
/// </summary>
public static class PoisonSlice
{
    private const string Script = """
        import sys, pydicom
        template, jpeg, target = sys.argv[1:4]
        slice_ = pydicom.dcmread(template)
        source = pydicom.dcmread(jpeg)
        # pydicom copies the dataset's SOP UIDs into the file meta on writing: keep those a reader takes from the meta.
        slice_.SOPClassUID = slice_.get('SOPClassUID') or slice_.file_meta.MediaStorageSOPClassUID
        slice_.SOPInstanceUID = slice_.get('SOPInstanceUID') or slice_.file_meta.MediaStorageSOPInstanceUID
        slice_.file_meta.TransferSyntaxUID = source.file_meta.TransferSyntaxUID
        slice_.PixelData = source.PixelData
        slice_['PixelData'].is_undefined_length = True
        slice_['PixelData'].VR = 'OB'
        slice_.is_little_endian, slice_.is_implicit_VR = True, False
        slice_.BitsAllocated = 32
        slice_.save_as(target, write_like_original=False)
        """;

    /// <summary>Overwrites <paramref name="slice"/> with its poisoned version.</summary>
    public static void Poison(string slice)
    {
        string poisoned = slice + ".poison";
        PyDicom.Run(Script, slice, SharedData.Dicom("wg04", "JPLL__CT1_JPLL"), poisoned);
        File.Move(poisoned, slice, overwrite: true);
    }
}
