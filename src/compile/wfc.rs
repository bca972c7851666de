//! The `.wfc` container: a versioned, self-describing file holding one
//! compiled [`Program`].
//!
//! Layout (integers little-endian):
//!
//! | bytes | content |
//! |---|---|
//! | 4 | magic `WFC\0` |
//! | 2 | format version ([`FORMAT_VERSION`]) |
//! | 1 + n | compiler version: its length n (at most 64), then n bytes of UTF-8 |
//! | 8 | payload length |
//! | 8 | FNV-1a 64 checksum of every other byte of the file (header, then payload) |
//! | … | payload: the program as compact JSON |
//!
//! The payload is JSON (serde_json) because the crate already depends on it,
//! its output is deterministic for our plain data (vectors in order, no
//! maps with hashed order), and its parser is hardened against malformed
//! input: it never allocates from a length field (there are none to trust),
//! limits nesting depth, and rejects trailing bytes. The checksum catches
//! accidental damage; the verifier, which always runs after loading, is
//! what makes a tampered file safe to run.

use super::program::Program;
use super::verify::{VerifyError, verify};

/// The first four bytes of every `.wfc` file.
pub const MAGIC: [u8; 4] = *b"WFC\0";
/// The version of this layout and of the program model in the payload.
pub const FORMAT_VERSION: u16 = 1;
/// The version of `wf` that writes the file.
pub const COMPILER_VERSION: &str = env!("CARGO_PKG_VERSION");

const MAX_VERSION_LEN: usize = 64;

/// Why bytes are not a loadable program.
#[derive(Debug, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// Not a `.wfc` file at all.
    #[error("not a compiled `.wfc` file (it does not start with the `.wfc` signature); compile it with `wf compile`")]
    NotWfc,
    /// Ends inside the header.
    #[error("the file is truncated (it ends inside its header); compile it again")]
    TruncatedHeader,
    /// Written in another layout version.
    #[error(
        "the file has format version {found} but this `wf` reads version {FORMAT_VERSION}; compile it again with this `wf`"
    )]
    Version { found: u16 },
    /// The payload length does not match the file.
    #[error(
        "the file is {actual} bytes after its header but says {declared}; it is truncated or damaged, compile it again"
    )]
    Length { declared: u64, actual: u64 },
    /// The checksum does not match.
    #[error("the checksum does not match the content; the file is damaged or was edited, compile it again")]
    Checksum,
    /// The payload does not decode.
    #[error("the program inside cannot be read ({0}); compile it again")]
    Decode(String),
    /// The program fails verification.
    #[error("the program fails verification: {0}; compile it again")]
    Verify(VerifyError),
}

/// FNV-1a, 64 bits, over the header (everything before the checksum
/// field) and the payload.
pub fn checksum(header: &[u8], payload: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in header.iter().chain(payload) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// The program as `.wfc` bytes; the same program always gives the same bytes.
pub fn to_bytes(program: &Program) -> Vec<u8> {
    // Serializing plain data into a Vec cannot fail (no maps with non-string
    // keys, no non-finite floats: the compiler rejects them).
    let payload = serde_json::to_vec(program).unwrap_or_default();
    let version = COMPILER_VERSION.as_bytes();
    let version = &version[..version.len().min(MAX_VERSION_LEN)];
    let mut out = Vec::with_capacity(payload.len() + 32);
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.push(version.len() as u8);
    out.extend_from_slice(version);
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    let sum = checksum(&out, &payload);
    out.extend_from_slice(&sum.to_le_bytes());
    out.extend_from_slice(&payload);
    out
}

/// A header read from `.wfc` bytes.
#[derive(Debug, PartialEq, Eq)]
pub struct Header<'a> {
    pub format: u16,
    pub compiler: &'a str,
    pub checksum: u64,
    pub payload: &'a [u8],
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], LoadError> {
        if self.0.len() < n {
            return Err(LoadError::TruncatedHeader);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], LoadError> {
        let mut out = [0; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
}

/// Reads and checks the header (magic, version, length, checksum).
pub fn read_header(bytes: &[u8]) -> Result<Header<'_>, LoadError> {
    let mut reader = Reader(bytes);
    let magic = reader.take(MAGIC.len()).map_err(|_| LoadError::NotWfc)?;
    if magic != MAGIC {
        return Err(LoadError::NotWfc);
    }
    let format = u16::from_le_bytes(reader.array()?);
    if format != FORMAT_VERSION {
        return Err(LoadError::Version { found: format });
    }
    let [len] = reader.array()?;
    let compiler = reader.take(usize::from(len))?;
    let declared = u64::from_le_bytes(reader.array()?);
    let header = bytes.get(..bytes.len() - reader.0.len()).unwrap_or_default();
    let sum = u64::from_le_bytes(reader.array()?);
    let payload = reader.0;
    if declared != payload.len() as u64 {
        return Err(LoadError::Length {
            declared,
            actual: payload.len() as u64,
        });
    }
    if checksum(header, payload) != sum {
        return Err(LoadError::Checksum);
    }
    Ok(Header {
        format,
        // Checked by the checksum, so as written; not UTF-8 only if written so.
        compiler: std::str::from_utf8(compiler).unwrap_or("?"),
        checksum: sum,
        payload,
    })
}

/// Loads and verifies a program from `.wfc` bytes. Never panics.
pub fn from_bytes(bytes: &[u8]) -> Result<Program, LoadError> {
    let header = read_header(bytes)?;
    let program: Program = serde_json::from_slice(header.payload).map_err(|e| LoadError::Decode(e.to_string()))?;
    verify(&program).map_err(LoadError::Verify)?;
    Ok(program)
}
