namespace ImageGate.Packer.MachineReadable;

/// <summary>One line of <c>packer -machine-readable</c> output: <c>timestamp,target,type,data…</c>, with every
/// data field already unescaped.</summary>
/// <param name="Timestamp">Unix seconds Packer stamped on the line (0 when unreadable).</param>
/// <param name="Target">The build the line is about, or empty for global lines.</param>
/// <param name="Type">The message type (<c>ui</c>, <c>artifact</c>, <c>error</c>, <c>version</c> …).</param>
/// <param name="Data">The remaining fields, unescaped.</param>
internal sealed record MachineReadableRecord(long Timestamp, string Target, string Type, IReadOnlyList<string> Data)
{
    /// <summary>Splits and unescapes one raw line; null when the line is not in the machine-readable shape.</summary>
    public static MachineReadableRecord? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.TrimEnd('\r').Split(',');
        if (fields.Length < 3 || !long.TryParse(fields[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ts))
            return null;
        var data = new string[fields.Length - 3];
        for (var i = 3; i < fields.Length; i++) data[i - 3] = Unescape(fields[i]);
        return new MachineReadableRecord(ts, Unescape(fields[1]), fields[2], data);
    }

    /// <summary>Undoes Packer's escaping: <c>%!(PACKER_COMMA)</c> → comma, a literal <c>\n</c> → newline, <c>\r</c> → CR.</summary>
    public static string Unescape(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field
            .Replace("%!(PACKER_COMMA)", ",", StringComparison.Ordinal)
            .Replace("\\n", "\n", StringComparison.Ordinal)
            .Replace("\\r", "\r", StringComparison.Ordinal);
    }
}
