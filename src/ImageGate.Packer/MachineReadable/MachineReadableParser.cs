namespace ImageGate.Packer.MachineReadable;

/// <summary>Reads <c>packer -machine-readable</c> output one line at a time, as it arrives: turns ui lines into
/// progress events, collects error lines, and assembles artifacts, de-duplicated across post-processors (Packer
/// repeats an artifact once per post-processor that passes it on).</summary>
internal sealed class MachineReadableParser
{
    private const int MaxErrorLines = 500;
    private const int MaxArtifacts = 10_000;
    private const int MaxFilesPerArtifact = 10_000;

    private readonly Dictionary<(string Target, string Index), ArtifactBuilder> _open = [];
    private readonly HashSet<string> _artifactKeys = new(StringComparer.Ordinal);
    private readonly List<PackerArtifact> _artifacts = [];
    private readonly List<string> _errorLines = [];
    private readonly Dictionary<string, List<string>> _buildErrors = new(StringComparer.Ordinal);

    /// <summary>Artifacts so far, in the order Packer finished them, each once.</summary>
    public IReadOnlyList<PackerArtifact> Artifacts => _artifacts;

    /// <summary>Packer's error lines (<c>ui,error</c>), unescaped, in order.</summary>
    public IReadOnlyList<string> ErrorLines => _errorLines;

    /// <summary>The errors Packer attributed to each failed build (<c>TARGET,error,MESSAGE</c>).</summary>
    public IReadOnlyDictionary<string, List<string>> BuildErrors => _buildErrors;

    /// <summary>The <c>error-count</c> Packer reported, when it did.</summary>
    public int? ErrorCount { get; private set; }

    /// <summary>The version a <c>packer version -machine-readable</c> run reported.</summary>
    public string? Version { get; private set; }

    /// <summary>Consumes one line and returns the events it yields (none for most bookkeeping lines).</summary>
    public IEnumerable<PackerEvent> Feed(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var record = MachineReadableRecord.Parse(line);
        if (record is null)
        {
            // Not in the machine-readable shape (a panic, a plugin writing straight to stdout): show it as is.
            if (line.Trim().Length > 0) yield return new PackerEvent(PackerEventKind.Message, null, line.TrimEnd());
            yield break;
        }
        var build = record.Target.Length == 0 ? null : record.Target;
        switch (record.Type)
        {
            case "ui" when record.Data.Count >= 2:
                var text = string.Join(',', record.Data.Skip(1)).TrimEnd();
                switch (record.Data[0])
                {
                    case "error":
                        AddError(text.Trim('\n'));
                        yield return new PackerEvent(PackerEventKind.Error, build, text);
                        break;
                    case "message":
                        yield return new PackerEvent(PackerEventKind.Message, build, text);
                        break;
                    default:
                        yield return new PackerEvent(PackerEventKind.Say, build, text);
                        break;
                }
                break;
            case "error" when build is not null && record.Data.Count >= 1:
                if (!_buildErrors.TryGetValue(build, out var list)) _buildErrors[build] = list = [];
                if (list.Count < MaxErrorLines) list.Add(string.Join(',', record.Data));
                break;
            case "error-count" when record.Data.Count >= 1 && int.TryParse(record.Data[0], out var count):
                ErrorCount = count;
                break;
            case "version" when record.Data.Count >= 1 && Version is null:
                Version = record.Data[0];
                break;
            case "artifact" when build is not null && record.Data.Count >= 2:
                var done = OnArtifactLine(build, record.Data);
                if (done is not null) yield return new PackerEvent(PackerEventKind.Artifact, build, done.Description);
                break;
        }
    }

    private void AddError(string text)
    {
        if (text.Length > 0 && _errorLines.Count < MaxErrorLines) _errorLines.Add(text);
    }

    // artifact lines: TARGET,artifact,INDEX,KEY,VALUE… ; "file" carries FILEINDEX,PATH ; "end" closes the artifact.
    private PackerArtifact? OnArtifactLine(string build, IReadOnlyList<string> data)
    {
        var key = (build, data[0]);
        if (!_open.TryGetValue(key, out var artifact))
        {
            if (_open.Count >= MaxArtifacts) return null;
            _open[key] = artifact = new ArtifactBuilder();
        }
        var value = data.Count > 2 ? string.Join(',', data.Skip(2)) : "";
        switch (data[1])
        {
            case "builder-id": artifact.BuilderId = value; break;
            case "id": artifact.Id = value; break;
            case "string": artifact.Description = value; break;
            case "file" when data.Count >= 4:
                if (artifact.Files.Count < MaxFilesPerArtifact) artifact.Files.Add(string.Join(',', data.Skip(3)));
                break;
            case "end":
                _open.Remove(key);
                return Complete(build, artifact);
        }
        return null;
    }

    private PackerArtifact? Complete(string build, ArtifactBuilder a)
    {
        var files = a.Files.Distinct(StringComparer.Ordinal).ToArray();
        // The same files reported again by a later post-processor are the same artifact.
        var identity = files.Length > 0
            ? build + "\0files\0" + string.Join('\0', files.Order(StringComparer.Ordinal))
            : build + "\0" + a.BuilderId + "\0" + a.Id + "\0" + a.Description;
        if (!_artifactKeys.Add(identity) || _artifacts.Count >= MaxArtifacts) return null;
        var artifact = new PackerArtifact(build, a.BuilderId, a.Id, a.Description, files);
        _artifacts.Add(artifact);
        return artifact;
    }

    private sealed class ArtifactBuilder
    {
        public string BuilderId { get; set; } = "";
        public string Id { get; set; } = "";
        public string Description { get; set; } = "";
        public List<string> Files { get; } = [];
    }
}
