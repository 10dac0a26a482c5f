using ImageGate.Packer.MachineReadable;

namespace ImageGate.Packer.Tests.MachineReadable;

public sealed class MachineReadableRecordTests
{
    [Fact]
    public void Commas_and_newlines_are_unescaped()
    {
        var record = MachineReadableRecord.Parse(@"1795384446,,ui,error,\n==> qcow2: disk full%!(PACKER_COMMA) giving up")!;
        Assert.Equal("ui", record.Type);
        Assert.Equal("", record.Target);
        Assert.Equal(["error", "\n==> qcow2: disk full, giving up"], record.Data);
    }

    [Fact]
    public void Target_timestamp_and_data_fields_are_split_on_raw_commas()
    {
        var record = MachineReadableRecord.Parse("1795384446,vmdk,artifact,1,file,0,out/rec-vmdk.img")!;
        Assert.Equal(1795384446, record.Timestamp);
        Assert.Equal("vmdk", record.Target);
        Assert.Equal("artifact", record.Type);
        Assert.Equal(["1", "file", "0", "out/rec-vmdk.img"], record.Data);
    }

    [Theory]
    [InlineData("")]
    [InlineData("panic: runtime error")]
    [InlineData("abc,,ui,say,x")]
    [InlineData("123,ui")]
    public void A_line_not_in_the_machine_readable_shape_is_not_a_record(string line) =>
        Assert.Null(MachineReadableRecord.Parse(line));
}
