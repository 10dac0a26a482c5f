using System.Text;

namespace ImageGate.Cli.GitHubActions;

/// <summary>In GitHub Actions, the runner reads every line of a step's standard output and error that starts (after
/// leading white space) with <c>::</c> or <c>##[</c> as a workflow command. The tool prints untrusted text (file
/// paths and names from an image, OS names, advisory ids, list fields), which may hold line breaks: this writer
/// prefixes every such line with <see cref="Marker"/> so none can start a command. The tool's own commands
/// (annotations, masks) go through <see cref="WriteCommand"/>, the only way to write a line that starts with <c>::</c>.</summary>
public sealed class WorkflowCommandGuard : TextWriter
{
    /// <summary>What a line that would start a workflow command is prefixed with.</summary>
    public const string Marker = "\\";

    private readonly TextWriter _inner;
    private readonly TextWriter? _commands;
    private readonly StringBuilder _pending = new();
    private bool _decided; // the current line's start has been checked and written

    /// <summary>Wraps <paramref name="inner"/>; the tool's own commands go to <paramref name="commands"/> when given
    /// (a step whose output is captured still reaches the runner with its masks and annotations).</summary>
    public WorkflowCommandGuard(TextWriter inner, TextWriter? commands = null)
    {
        _inner = inner;
        _commands = commands;
    }

    /// <summary>Wraps <paramref name="writer"/> unless it already is a guard.</summary>
    public static TextWriter Wrap(TextWriter writer) => writer is WorkflowCommandGuard ? writer : new WorkflowCommandGuard(writer);

    /// <summary>Writes one of the tool's own workflow commands on a line of its own: through a guard as is, to any
    /// other writer as a plain line.</summary>
    public static void WriteCommand(TextWriter writer, string command)
    {
        if (command.Contains('\n', StringComparison.Ordinal) || command.Contains('\r', StringComparison.Ordinal))
            throw new ArgumentException("a workflow command is one line", nameof(command));
        if (writer is WorkflowCommandGuard guard)
        {
            if (guard._commands is not null)
            {
                WriteCommand(guard._commands, command);
                return;
            }
            guard.EndLine();
            guard._inner.WriteLine(command);
            return;
        }
        writer.WriteLine(command);
    }

    /// <summary>Writes out a partly written line that is still held back (at the end of a run), made safe: a held
    /// start is white space, <c>:</c>, <c>#</c> or <c>##</c>, prefixed so that nothing written later can complete it.</summary>
    public static void Finish(TextWriter writer)
    {
        if (writer is not WorkflowCommandGuard guard) return;
        if (guard._pending.Length > 0)
        {
            guard._inner.Write(Marker);
            guard._inner.Write(guard._pending.ToString());
            guard._pending.Clear();
            guard._decided = true;
        }
        guard._inner.Flush();
    }

    /// <inheritdoc />
    public override Encoding Encoding => _inner.Encoding;

    /// <inheritdoc />
    public override IFormatProvider FormatProvider => _inner.FormatProvider;

    /// <inheritdoc />
    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    /// <inheritdoc />
    public override void Write(string? value) => Write(value.AsSpan());

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer)
    {
        while (!buffer.IsEmpty)
        {
            var end = buffer.IndexOfAny('\n', '\r');
            var part = end < 0 ? buffer : buffer[..end];
            if (_decided) _inner.Write(part);
            else
            {
                _pending.Append(part);
                Decide();
            }
            if (end < 0) return;
            // A line break: whatever is still pending cannot start a command (it is not "::" or "##[").
            if (_pending.Length > 0) _inner.Write(_pending.ToString());
            _pending.Clear();
            _decided = false;
            _inner.Write(buffer[end]);
            buffer = buffer[(end + 1)..];
        }
    }

    /// <inheritdoc />
    public override void WriteLine() => Write(CoreNewLine);

    /// <inheritdoc />
    public override void WriteLine(string? value)
    {
        Write(value);
        Write(CoreNewLine);
    }

    /// <inheritdoc />
    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteLineAsync()
    {
        WriteLine();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteLineAsync(char value)
    {
        Write(value);
        WriteLine();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteLineAsync(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        WriteLine();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        WriteLine();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override void Flush()
    {
        // A pending start ("  :") may still become "::": it is held until the line shows what it is.
        _inner.Flush();
    }

    /// <inheritdoc />
    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Finish(this);
        base.Dispose(disposing);
    }

    // Ends a partly written line so the next write starts a line of its own.
    private void EndLine()
    {
        if (!_decided && _pending.Length == 0) return;
        if (_pending.Length > 0) _inner.Write(_pending.ToString());
        _pending.Clear();
        _inner.WriteLine();
        _decided = false;
    }

    // Looks at the pending start of a line: a command start is prefixed, anything else is written; a start that may
    // still become one (white space, ":", "#", "##") waits for more.
    private void Decide()
    {
        var start = _pending.ToString();
        var trimmed = start.TrimStart();
        if (trimmed.Length == 0) return;
        if (trimmed.StartsWith("::", StringComparison.Ordinal) || trimmed.StartsWith("##[", StringComparison.Ordinal))
            _inner.Write(Marker);
        else if ("::".StartsWith(trimmed, StringComparison.Ordinal) || "##[".StartsWith(trimmed, StringComparison.Ordinal))
            return;
        _inner.Write(start);
        _pending.Clear();
        _decided = true;
    }
}
