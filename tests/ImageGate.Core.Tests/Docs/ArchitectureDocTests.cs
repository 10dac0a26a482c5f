using ImageGate.Testing;

namespace ImageGate.Core.Tests.Docs;

/// <summary>docs/architecture.md shows the projects as they are: its dependency graph is the one
/// build/project-graph.sh generates from the csproj files, and its table has a row for every project in src/.</summary>
public sealed class ArchitectureDocTests
{
    private static string Doc => File.ReadAllText(Path.Combine(Repository.Root, "docs", "architecture.md"));

    [Fact]
    public void The_dependency_graph_is_the_one_the_project_references_give()
    {
        var generated = ExternalProcess.Run("bash", [Path.Combine(Repository.Root, "build", "project-graph.sh")]);
        Assert.True(generated.ExitCode == 0, generated.StandardError);
        var doc = Doc;
        var start = doc.IndexOf("```mermaid", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/architecture.md has no mermaid graph");
        var end = doc.IndexOf("```", start + 10, StringComparison.Ordinal) + 3;
        Assert.Equal(generated.StandardOutput.Trim().ReplaceLineEndings("\n"), doc[start..end].ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_project_in_src_has_a_row_in_the_table()
    {
        var doc = Doc;
        var projects = Directory.GetDirectories(Path.Combine(Repository.Root, "src")).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(projects);
        Assert.All(projects, p => Assert.Contains($"| `src/{p}` |", doc, StringComparison.Ordinal));
    }
}
