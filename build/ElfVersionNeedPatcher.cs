// Makes one ELF symbol-version requirement weak, so the dynamic loader accepts a library whose
// libstdc++ lacks that version. Used on libLibTorchSharp.so (built with GCC 13, needs GLIBCXX_3.4.32)
// on Debian 12 (libstdc++ up to 3.4.30). The only symbol under 3.4.32 is ios_base_library_init,
// which nothing relocates against, so marking the need VER_FLG_WEAK is safe.
// Compiled twice: as an MSBuild inline task (Directory.Build.targets) and, with
// ELF_PATCHER_ONLY defined, into the tests.
using System;
using System.IO;
using System.Text;

namespace TinyUNet.Build
{
    public enum ElfPatchOutcome { Patched, AlreadyWeak, NoSuchNeed, NotElf64 }

    public static class ElfVersionNeedPatcher
    {
        const uint ShtGnuVerneed = 0x6ffffffe;
        const ushort VerFlgWeak = 0x2;

        /// <summary>Sets VER_FLG_WEAK on the vernaux entry named <paramref name="version"/>; idempotent.</summary>
        public static ElfPatchOutcome MakeVersionNeedWeak(string path, string version)
        {
            byte[] elf = File.ReadAllBytes(path);
            ElfPatchOutcome outcome = Apply(elf, version);
            if (outcome == ElfPatchOutcome.Patched)
            {
                // Keep the timestamp, so MSBuild's incremental copy sees the file as unchanged.
                DateTime stamp = File.GetLastWriteTimeUtc(path);
                File.WriteAllBytes(path, elf);
                File.SetLastWriteTimeUtc(path, stamp);
            }
            return outcome;
        }

        public static ElfPatchOutcome Apply(byte[] elf, string version)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
                || elf[4] != 2 /* ELFCLASS64 */ || elf[5] != 1 /* little endian */)
                return ElfPatchOutcome.NotElf64;

            long sectionTable = (long)U64(elf, 0x28);
            int entrySize = U16(elf, 0x3A);
            int sectionCount = U16(elf, 0x3C);
            for (int i = 0; i < sectionCount; i++)
            {
                long header = sectionTable + (long)i * entrySize;
                if (U32(elf, header + 4) != ShtGnuVerneed) continue;

                long verneed = (long)U64(elf, header + 24);
                uint needCount = U32(elf, header + 44);
                long strtab = (long)U64(elf, sectionTable + (long)U32(elf, header + 40) * entrySize + 24);
                return PatchNeeds(elf, verneed, needCount, strtab, version);
            }
            return ElfPatchOutcome.NoSuchNeed;
        }

        public static bool IsVersionNeedWeak(byte[] elf, string version)
            => Apply((byte[])elf.Clone(), version) == ElfPatchOutcome.AlreadyWeak;

        static ElfPatchOutcome PatchNeeds(byte[] elf, long need, uint needCount, long strtab, string version)
        {
            for (uint n = 0; n < needCount; n++)
            {
                long aux = need + U32(elf, need + 8);
                int auxCount = U16(elf, need + 2);
                for (int a = 0; a < auxCount; a++)
                {
                    if (ReadString(elf, strtab + U32(elf, aux + 8)) == version)
                    {
                        ushort flags = U16(elf, aux + 4);
                        if ((flags & VerFlgWeak) != 0) return ElfPatchOutcome.AlreadyWeak;
                        flags |= VerFlgWeak;
                        elf[aux + 4] = (byte)flags;
                        elf[aux + 5] = (byte)(flags >> 8);
                        return ElfPatchOutcome.Patched;
                    }
                    aux += U32(elf, aux + 12);
                }
                uint next = U32(elf, need + 12);
                if (next == 0) break;
                need += next;
            }
            return ElfPatchOutcome.NoSuchNeed;
        }

        static string ReadString(byte[] elf, long offset)
        {
            long end = offset;
            while (end < elf.Length && elf[end] != 0) end++;
            return Encoding.ASCII.GetString(elf, (int)offset, (int)(end - offset));
        }

        static ushort U16(byte[] b, long o) => (ushort)(b[o] | b[o + 1] << 8);
        static uint U32(byte[] b, long o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);
        static ulong U64(byte[] b, long o) => U32(b, o) | (ulong)U32(b, o + 4) << 32;
    }

#if !ELF_PATCHER_ONLY
    public class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public override bool Execute()
        {
            foreach (var file in Files)
            {
                ElfPatchOutcome outcome = ElfVersionNeedPatcher.MakeVersionNeedWeak(file.ItemSpec, Version);
                Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal,
                    "{0}: {1} {2}", file.ItemSpec, outcome, Version);
            }
            return true;
        }
    }
#endif
}
