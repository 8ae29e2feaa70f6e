using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using TinyUNet.Model;

namespace TinyUNet.Model.Tests;

/// <summary>
/// The soak judges a leak by the anonymous resident set (heaps), not by the pages of mapped files (libtorch's code):
/// both read from /proc/self/statm of this very process.
/// </summary>
public sealed class ResidentSetTests
{
    private const int Bytes = 64 << 20;

    [Fact]
    public void AnonymousResidentBytes_GrowsWithTouchedHeapMemory()
    {
        long before = CpuAllocatorTuning.AnonymousResidentBytes()!.Value;
        nint block = Marshal.AllocHGlobal(Bytes);
        try
        {
            Touch(block);
            long grown = CpuAllocatorTuning.AnonymousResidentBytes()!.Value - before;
            Assert.True(grown > Bytes * 3L / 4, $"anonymous resident set grew by {grown >> 20} MB for 64 MB touched");
        }
        finally { Marshal.FreeHGlobal(block); }
    }

    [Fact]
    public void AnonymousResidentBytes_LeavesOutTheReadPagesOfAMappedFile()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, new byte[Bytes]);
            using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using MemoryMappedViewAccessor view = map.CreateViewAccessor(0, Bytes, MemoryMappedFileAccess.Read);
            long residentBefore = CpuAllocatorTuning.ResidentSetBytes()!.Value;
            long anonymousBefore = CpuAllocatorTuning.AnonymousResidentBytes()!.Value;

            long sum = 0;
            for (long offset = 0; offset < Bytes; offset += Environment.SystemPageSize) sum += view.ReadByte(offset);

            long resident = CpuAllocatorTuning.ResidentSetBytes()!.Value - residentBefore;
            long anonymous = CpuAllocatorTuning.AnonymousResidentBytes()!.Value - anonymousBefore;
            Assert.Equal(0, sum);
            Assert.True(resident > Bytes * 3L / 4, $"resident set grew by {resident >> 20} MB for a 64 MB file read through");
            Assert.True(anonymous < Bytes / 4, $"anonymous resident set grew by {anonymous >> 20} MB for a mapped file");
        }
        finally { File.Delete(path); }
    }

    private static void Touch(nint block)
    {
        for (long offset = 0; offset < Bytes; offset += Environment.SystemPageSize) Marshal.WriteByte(block, (int)offset, 1);
    }
}
