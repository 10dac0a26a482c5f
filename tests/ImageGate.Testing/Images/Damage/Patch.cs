using System.Buffers.Binary;

namespace ImageGate.Testing.Images.Damage;

/// <summary>Byte-level edits of an image file, for damaged variants.</summary>
public static class Patch
{
    public static byte[] Read(string file, long at, int count)
    {
        using var f = File.OpenRead(file);
        f.Position = at;
        var b = new byte[count];
        f.ReadExactly(b);
        return b;
    }

    public static void Write(string file, long at, ReadOnlySpan<byte> data)
    {
        using var f = new FileStream(file, FileMode.Open, FileAccess.Write);
        f.Position = at;
        f.Write(data);
    }

    public static void Be32(string file, long at, uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, v); Write(file, at, b); }
    public static void Be64(string file, long at, ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64BigEndian(b, v); Write(file, at, b); }
    public static void Le16(string file, long at, ushort v) { Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, v); Write(file, at, b); }
    public static void Le32(string file, long at, uint v) { Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteUInt32LittleEndian(b, v); Write(file, at, b); }
    public static void Le64(string file, long at, ulong v) { Span<byte> b = stackalloc byte[8]; BinaryPrimitives.WriteUInt64LittleEndian(b, v); Write(file, at, b); }
    public static ulong RBe64(string file, long at) => BinaryPrimitives.ReadUInt64BigEndian(Read(file, at, 8));
    public static uint RBe32(string file, long at) => BinaryPrimitives.ReadUInt32BigEndian(Read(file, at, 4));
    public static ulong RLe64(string file, long at) => BinaryPrimitives.ReadUInt64LittleEndian(Read(file, at, 8));
    public static uint RLe32(string file, long at) => BinaryPrimitives.ReadUInt32LittleEndian(Read(file, at, 4));
    public static ushort RLe16(string file, long at) => BinaryPrimitives.ReadUInt16LittleEndian(Read(file, at, 2));
    public static void Flip(string file, long at) => Write(file, at, [(byte)(Read(file, at, 1)[0] ^ 0xA5)]);
    public static void Truncate(string file, long length) { using var f = new FileStream(file, FileMode.Open, FileAccess.Write); f.SetLength(length); }
    public static long Length(string file) => new FileInfo(file).Length;
}
