using System.Diagnostics;

namespace TinyUNet.Dicom.Reading;

/// <summary>
/// One running decoder child (header reads and pixel decoding), used by one thread at a time. A file that kills the
/// child (GDCM's assertions call abort()) or outlasts the timeout becomes a <see cref="DicomReadException"/> for that
/// file, with the child's last words; the process is then spent (<see cref="IsAlive"/> false) and the pool starts another.
/// </summary>
internal sealed class DecoderProcess : IDisposable
{
    private const int StderrLinesKept = 4;
    private readonly Process process;
    private readonly BinaryWriter requests;
    private readonly BinaryReader answers;
    private readonly Queue<string> lastWords = new();
    private bool ended;

    private DecoderProcess(Process process)
    {
        this.process = process;
        requests = new BinaryWriter(process.StandardInput.BaseStream);
        answers = new BinaryReader(process.StandardOutput.BaseStream);
        process.ErrorDataReceived += (_, e) =>
        {
            if (string.IsNullOrWhiteSpace(e.Data)) return;
            lock (lastWords)
            {
                lastWords.Enqueue(e.Data.Length > 300 ? e.Data[..300] : e.Data);
                if (lastWords.Count > StderrLinesKept) lastWords.Dequeue();
            }
        };
        process.BeginErrorReadLine();
    }

    /// <summary>False once the child has ended, by a file or from outside (an idle child killed by the OOM killer).</summary>
    public bool IsAlive => !ended && !process.HasExited;

    /// <exception cref="DecoderUnavailableException">The child could not be started or did not greet.</exception>
    public static DecoderProcess Start(DecoderLocation location, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(location.Host)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(location.Assembly);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new DecoderUnavailableException("the decoder process did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DecoderUnavailableException($"the decoder process could not be started ({e.Message})", e);
        }
        var child = new DecoderProcess(process);
        try
        {
            int hello = child.WithTimeout(timeout, () => child.answers.ReadInt32());
            if (hello != DecoderProtocol.Hello) throw new InvalidDataException("unexpected greeting");
            return child;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or TimeoutException)
        {
            string words = child.Exit();
            child.Dispose();
            throw new DecoderUnavailableException($"the decoder process ({location.Assembly}) did not start: {words}", e);
        }
    }

    public DicomInstance ReadHeader(string path, TimeSpan timeout) =>
        Ask(path, "header", () => DecoderProtocol.WriteHeaderRequest(requests, path),
            () => DecoderProtocol.ReadHeader(answers, path), timeout);

    public short[] Decode(CtSlice slice, int rows, int columns, TimeSpan timeout) =>
        Ask(slice.FilePath, "pixel data", () => DecoderProtocol.WritePixelsRequest(requests, slice, rows, columns),
            () => DecoderProtocol.ReadDecoded(answers, slice.FilePath), timeout);

    private T Ask<T>(string path, string what, Action request, Func<T> answer, TimeSpan timeout)
    {
        if (!IsAlive) throw new InvalidOperationException("This decoder process has ended.");
        lock (lastWords) lastWords.Clear(); // what it said about earlier files does not explain this one
        try
        {
            request();
            return WithTimeout(timeout, answer);
        }
        catch (TimeoutException)
        {
            Exit();
            throw new DicomReadException(path, $"reading the {what} took longer than {timeout.TotalSeconds:0} s; the decoder was stopped");
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            // The child died mid-answer: this file ended it (each child works on one file at a time).
            throw new DicomReadException(path, $"the {what} crashed the decoder ({Exit()})");
        }
    }

    /// <summary>Runs a blocking read, killing the child when it takes too long (the read then ends with EOF).</summary>
    private T WithTimeout<T>(TimeSpan timeout, Func<T> read)
    {
        bool expired = false;
        using var timer = new Timer(_ =>
        {
            expired = true;
            Kill();
        }, null, timeout, Timeout.InfiniteTimeSpan);
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or EndOfStreamException && Volatile.Read(ref expired))
        {
            throw new TimeoutException("The decoder did not answer in time.", e);
        }
    }

    /// <summary>Ends the child (if it has not ended itself) and says how it ended, with its last stderr lines.</summary>
    private string Exit()
    {
        ended = true;
        Kill();
        // The untimed wait returns once the stderr reader has drained, so the last words are all in.
        if (process.WaitForExit(5000)) process.WaitForExit();
        string how = process.HasExited
            ? process.ExitCode > 128 ? $"signal {process.ExitCode - 128}" : $"exit code {process.ExitCode}"
            : "did not exit";
        lock (lastWords)
        {
            return lastWords.Count == 0 ? how : $"{how}: {string.Join(" | ", lastWords)}";
        }
    }

    private void Kill()
    {
        try
        {
            if (!process.HasExited) process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        ended = true;
        try
        {
            requests.Dispose(); // closes stdin: a healthy child ends its loop and exits
        }
        catch (IOException)
        {
            // The child is already gone.
        }
        if (!process.WaitForExit(2000)) Kill();
        process.Dispose();
    }
}
