using ImageGate.Core.Errors;
using ImageGate.Site.Blocking;

namespace ImageGate.Site.Tests.Blocking;

public sealed class BlockListTests
{
    [Fact]
    public void A_name_with_a_version_blocks_that_version_only()
    {
        var blocks = BlockList.Parse(["debian-12@2026.11.01"]);
        Assert.True(blocks.Blocks("debian-12", "2026.11.01"));
        Assert.False(blocks.Blocks("debian-12", "2026.12.01"));
        Assert.False(blocks.Blocks("alma-9", "2026.11.01"));
    }

    [Fact]
    public void A_bare_name_blocks_every_version_of_that_image()
    {
        var blocks = BlockList.Parse(["debian-12"]);
        Assert.True(blocks.Blocks("debian-12", "2026.11.01"));
        Assert.True(blocks.Blocks("debian-12", "2027.01.01"));
        Assert.False(blocks.Blocks("debian-12-minimal", "2026.11.01"));
    }

    [Fact]
    public void Names_and_versions_match_exactly_and_case_sensitively()
    {
        var blocks = BlockList.Parse(["Debian-12", "alma-9@1.0"]);
        Assert.False(blocks.Blocks("debian-12", "1"));
        Assert.False(blocks.Blocks("alma-9", "1.0.0"));
    }

    [Fact]
    public void No_entries_block_nothing()
    {
        Assert.False(BlockList.Parse([]).Blocks("debian-12", "1"));
        Assert.False(BlockList.Empty.Blocks("debian-12", "1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("@2026.11.01")]
    [InlineData("debian-12@")]
    [InlineData("@")]
    public void An_entry_without_a_name_or_with_an_empty_version_is_bad_input_naming_it(string entry)
    {
        var ex = Assert.Throws<BadInputException>(() => BlockList.Parse(["debian-12", entry]));
        Assert.Equal($"--block '{entry}': expected NAME@VERSION or NAME", ex.Message);
    }

    [Fact]
    public void The_entries_are_kept_as_given()
    {
        Assert.Equal(["a@1", "b"], BlockList.Parse(["a@1", "b"]).Entries);
    }
}
