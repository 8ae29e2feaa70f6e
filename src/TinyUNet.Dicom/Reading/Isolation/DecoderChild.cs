using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// The decoder process's whole job (TinyUNet.DicomDecoder calls <see cref="Run"/>): read requests on stdin, read a
/// header or decode pixels with GDCM, answer on the original stdout, until stdin closes. GDCM and its codecs may print to stdout, which
/// would corrupt the answers, so the answers get a private copy of the stdout descriptor and descriptor 1 is pointed
/// at stderr before any native code runs.
/// </summary>
public static class DecoderChild
{
    public static int Run()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            throw new PlatformNotSupportedException("The decoder child process runs on Linux or macOS.");
        int answers = Dup(1);
        if (answers < 0 || Dup2(2, 1) < 0) return 70;
        // A whole 512² slice of HU (1 MiB) fits the pipe at once, instead of 16 hand-overs of the default 64 KiB.
        _ = Fcntl(answers, SetPipeSize, 1 << 20);
        using var output = new FileStream(new SafeFileHandle(answers, ownsHandle: true), FileAccess.Write, 1 << 16);
        using var writer = new BinaryWriter(output);
        using var reader = new BinaryReader(Console.OpenStandardInput());

        GdcmRuntime.EnsureInitialised();
        writer.Write(DecoderProtocol.Hello);
        writer.Flush();
        while (DecoderProtocol.ReadRequestKind(reader) is { } request)
        {
            try
            {
                if (request == DecoderProtocol.Request.Header)
                {
                    DecoderProtocol.WriteHeader(writer, GdcmHeaderReader.Read(DecoderProtocol.ReadHeaderRequest(reader)));
                    continue;
                }
                var (slice, rows, columns) = DecoderProtocol.ReadPixelsRequest(reader);
                DecoderProtocol.WriteDecoded(writer, GdcmSliceDecoder.DecodeHu(slice, rows, columns));
            }
            catch (DicomReadException refusal)
            {
                DecoderProtocol.WriteRefusal(writer, refusal);
            }
        }
        return 0;
    }

    private const int SetPipeSize = 1031; // F_SETPIPE_SZ (Linux); fails harmlessly above /proc/sys/fs/pipe-max-size

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static extern int Fcntl(int descriptor, int command, int argument);

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static extern int Dup(int descriptor);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static extern int Dup2(int descriptor, int target);
}
