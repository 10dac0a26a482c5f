using ImageGate.Endorsement.Format;
using ImageGate.Patches;
using ImageGate.Testing;
using ImageGate.Testing.Repositories;
using ImageGate.Testing.Patches;
using ImageGate.Testing.Endorsements;

namespace ImageGate.Cli.Tests.Commands.Endorsement;

/// <summary>A list repository (bare origin) endorsed through the real CLI, with the committed Debian security snapshot
/// served on 127.0.0.1: <c>stale@1</c> (the minbase fixture image, which really misses security updates),
/// <c>fresh@1</c> (the same image with those packages upgraded in its recorded inventory), <c>legacy@1</c> (an image
/// whose packages cannot be read, so no inventory is recorded, like records made before recheck existed) and
/// <c>gone@1</c> (endorsed, then revoked).</summary>
public sealed class RecheckListFixture : IDisposable
{
    private readonly TempDirectory _temp = new("imagegate-recheck");
    private readonly DebianSnapshot _snapshot = new();
    private readonly RepositoryServer _server;

    public RecheckListFixture()
    {
        _server = new RepositoryServer(_snapshot.Root);
        Clock = new FixedClock(_snapshot.Fetched);
        Origin = TestInputs.CreateOrigin(_temp);
        var fixture = TestInputs.ForImage(_temp, Fixtures.Path("gpt.qcow2"));
        FixtureSha256 = fixture.Sha256;
        Endorse(fixture, "stale", 1);
        Endorse(fixture, "fresh", 2);
        Endorse(fixture, "gone", 3);
        Endorse(TestInputs.CreateImage(_temp, "legacy"), "legacy", 4);
        Run(["revoke", "gone@1", "--reason", "superseded", "--list-repo", Origin, "--revoked-by", "alice"]);
        TestInputs.MergeBranch(_temp, Origin, "revoke/gone/1", 5);

        // fresh@1: the inventory an image built with 'apt-get upgrade' from the same security suite would have.
        var work = Clone("upgrade");
        var path = Path.Combine(work, "images", "fresh", "1", ListFormat.InventoryFile);
        var inventory = InventoryRecord.Parse(File.ReadAllBytes(path), path);
        var missing = new PatchChecker().CheckRecordedAsync(inventory.Repositories, inventory.Packages, PatchOptions, CancellationToken.None).GetAwaiter().GetResult().MissingUpdates;
        if (missing.Count == 0) throw new InvalidOperationException("the fixture image no longer misses security updates against the snapshot");
        StaleMissing = missing;
        var upgraded = inventory with
        {
            Packages = inventory.Packages.Select(p => missing.FirstOrDefault(m => m.Package == p.Name && m.Arch == p.Architecture) is { } m ? p with { Version = m.FixedVersion } : p).ToList(),
        };
        File.WriteAllBytes(path, upgraded.ToJson());
        TestInputs.Git(work, "commit", "-q", "-am", "fresh@1: the upgraded inventory");
        TestInputs.Git(work, "push", "-q", "origin", "main");
    }

    public string Origin { get; }

    public string FixtureSha256 { get; }

    public TimeProvider Clock { get; }

    /// <summary>What the fixture image misses against the snapshot (computed in process, the oracle for the CLI).</summary>
    public IReadOnlyList<MissingUpdate> StaleMissing { get; }

    public string MirrorArgument => $"http://deb.debian.org={_server.BaseUrl}";

    public PatchCheckOptions PatchOptions => new() { Mirrors = [MirrorRewrite.Parse(MirrorArgument)], TimeProvider = Clock };

    public TempDirectory Temp => _temp;

    /// <summary>The paths the snapshot server was asked for, in order (from the fixture's start).</summary>
    public IReadOnlyList<string> Requests => _server.Requests.ToList();

    /// <summary>A bare copy of the origin, for a test that pushes or commits.</summary>
    public string CopyOrigin()
    {
        var copy = _temp.Combine($"copy-{Guid.NewGuid():N}.git");
        var r = ExternalProcess.Run("git", ["clone", "-q", "--bare", Origin, copy], environment: TestInputs.GitEnv);
        if (r.ExitCode != 0) throw new InvalidOperationException(r.StandardError);
        return copy;
    }

    public string Clone(string name, string? origin = null)
    {
        var work = _temp.Combine($"{name}-{Guid.NewGuid():N}");
        var r = ExternalProcess.Run("git", ["clone", "-q", origin ?? Origin, work], environment: TestInputs.GitEnv);
        if (r.ExitCode != 0) throw new InvalidOperationException(r.StandardError);
        return work;
    }

    public Task<CliResult> RecheckAsync(string origin, params string[] extra) =>
        CliRunner.RunAsync(["recheck", "--list-repo", origin, "--mirror", MirrorArgument, .. extra], TestInputs.GitEnv, time: Clock);

    private void Endorse(TestInputs.ImageSet set, string name, int pr)
    {
        Run(["endorse", set.Image, "--name", name, "--version", "1", "--report", set.Report, "--bundle", set.Bundle, "--uri", $"https://example.org/{name}-1.qcow2", "--list-repo", Origin, .. TestInputs.KeyVerification(_temp.Path)]);
        TestInputs.MergeBranch(_temp, Origin, $"endorse/{name}/1", pr);
    }

    private static void Run(string[] args)
    {
        var r = CliRunner.RunAsync(args, TestInputs.GitEnv).GetAwaiter().GetResult();
        if (r.ExitCode != 0) throw new InvalidOperationException($"imagegate {args[0]} failed ({r.ExitCode}): {r.StandardError}");
    }

    public void Dispose()
    {
        _server.Dispose();
        _snapshot.Dispose();
        _temp.Dispose();
    }
}
