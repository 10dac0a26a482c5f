using System.Globalization;
using System.Text;

namespace ImageGate.Signing.Verification;

/// <summary>A signed note checkpoint (C2SP tlog-checkpoint / signed-note): origin, tree size, root hash,
/// optional extension lines, a blank line, then signature lines <c>— name base64(keyhint‖signature)</c>.</summary>
internal sealed record Checkpoint(string Origin, long TreeSize, byte[] RootHash, byte[] SignedText, IReadOnlyList<NoteSignature> Signatures)
{
    private const int MaxSize = 1 << 16;

    /// <summary>Parses a checkpoint; returns null with <paramref name="error"/> set when malformed.</summary>
    public static Checkpoint? TryParse(string envelope, out string error)
    {
        error = "";
        if (envelope.Length > MaxSize) { error = "the checkpoint is too large"; return null; }
        var split = envelope.IndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) { error = "no blank line between the checkpoint body and its signatures"; return null; }
        var body = envelope[..(split + 1)];
        var lines = body.Split('\n');
        // body ends with "\n", so the last element is empty
        if (lines.Length < 4) { error = "the checkpoint body needs origin, size and root hash lines"; return null; }
        var origin = lines[0];
        if (origin.Length == 0) { error = "the checkpoint has an empty origin line"; return null; }
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        { error = $"the checkpoint's second line should be the tree size, found '{Trim(lines[1])}'"; return null; }
        byte[] root;
        try { root = Convert.FromBase64String(lines[2]); }
        catch (FormatException) { error = $"the checkpoint's third line should be the base64 root hash, found '{Trim(lines[2])}'"; return null; }
        if (root.Length != 32) { error = "the checkpoint's root hash is not 32 bytes"; return null; }

        var sigs = new List<NoteSignature>();
        foreach (var line in envelope[(split + 2)..].Split('\n'))
        {
            if (line.Length == 0) continue;
            if (!line.StartsWith("\u2014 ", StringComparison.Ordinal)) { error = "a checkpoint signature line does not start with '— '"; return null; }
            var rest = line[2..];
            var space = rest.LastIndexOf(' ');
            if (space <= 0) { error = "a checkpoint signature line has no key name"; return null; }
            byte[] raw;
            try { raw = Convert.FromBase64String(rest[(space + 1)..]); }
            catch (FormatException) { error = "a checkpoint signature is not base64"; return null; }
            if (raw.Length < 5) { error = "a checkpoint signature is too short"; return null; }
            sigs.Add(new NoteSignature(rest[..space], raw[..4], raw[4..]));
        }
        if (sigs.Count == 0) { error = "the checkpoint has no signature"; return null; }
        return new Checkpoint(origin, size, root, Encoding.UTF8.GetBytes(body), sigs);
    }

    private static string Trim(string s) => s.Length > 60 ? s[..60] + "…" : s;
}

/// <summary>One signature line of a signed note.</summary>
internal sealed record NoteSignature(string Name, byte[] KeyHint, byte[] Signature);
