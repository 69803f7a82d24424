use minicbor::Encode;

/// The word index chunks in `pagefind/index/`

/// A single word index chunk: `pagefind/index/*.pf_index`
#[derive(Encode)]
pub struct WordIndex {
    #[n(0)]
    pub words: Vec<PackedWord>,
}

/// A single word as an inverse index of all locations on the site
#[derive(Encode, Clone, Debug)]
pub struct PackedWord {
    #[n(0)]
    pub word: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
    #[n(2)]
    pub additional_variants: Vec<PackedVariant>,
}

/// A variant of a word with different diacritics (e.g., "café" vs "cafe")
#[derive(Encode, Clone, Debug)]
pub struct PackedVariant {
    #[n(0)]
    pub form: String,
    #[n(1)]
    pub pages: Vec<PackedPage>,
}

/// A set of locations on a given page
#[derive(Clone, Debug)]
pub struct PackedPage {
    pub page_number: usize, // Won't exceed u32 but saves us some into()s
    pub locs: Vec<i32>,
    pub meta_locs: Vec<i32>,
}

/// dangjian: the bytes `#[derive(Encode)]` with `#[n(0)]`, `#[n(1)]`, `#[n(2)]` wrote (an
/// array of the page number and the two arrays of integers; `tests::packed_page_bytes`
/// compares the two), made in one buffer and written at once instead of one small write
/// per integer through the encoder (that was about 7 % of indexing a Chinese site).
impl<C> Encode<C> for PackedPage {
    fn encode<W: minicbor::encode::Write>(
        &self,
        e: &mut minicbor::Encoder<W>,
        _: &mut C,
    ) -> Result<(), minicbor::encode::Error<W::Error>> {
        let mut buf = Vec::with_capacity(16 + 3 * (self.locs.len() + self.meta_locs.len()));
        put_head(&mut buf, ARRAY, 3);
        put_head(&mut buf, UNSIGNED, self.page_number as u64);
        for locs in [&self.locs, &self.meta_locs] {
            put_head(&mut buf, ARRAY, locs.len() as u64);
            for &loc in locs.iter() {
                if loc >= 0 {
                    put_head(&mut buf, UNSIGNED, loc as u64);
                } else {
                    put_head(&mut buf, SIGNED, (-1 - i64::from(loc)) as u64);
                }
            }
        }
        e.writer_mut()
            .write_all(&buf)
            .map_err(minicbor::encode::Error::write)
    }
}

const UNSIGNED: u8 = 0x00;
const SIGNED: u8 = 0x20;
const ARRAY: u8 = 0x80;

/// A CBOR item's head: its major type and its argument in the fewest bytes, as minicbor
/// writes it.
fn put_head(buf: &mut Vec<u8>, major: u8, x: u64) {
    match x {
        0..=0x17 => buf.push(major | x as u8),
        0x18..=0xff => buf.extend_from_slice(&[major | 24, x as u8]),
        0x100..=0xffff => {
            buf.push(major | 25);
            buf.extend_from_slice(&(x as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            buf.push(major | 26);
            buf.extend_from_slice(&(x as u32).to_be_bytes());
        }
        _ => {
            buf.push(major | 27);
            buf.extend_from_slice(&x.to_be_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What upstream derived for `PackedPage`.
    #[derive(Encode)]
    struct DerivedPackedPage {
        #[n(0)]
        page_number: usize,
        #[n(1)]
        locs: Vec<i32>,
        #[n(2)]
        meta_locs: Vec<i32>,
    }

    #[test]
    fn packed_page_bytes() {
        let edges = [
            0, 1, 23, 24, 255, 256, 65_535, 65_536, i32::MAX, -1, -24, -25, -256, -257,
            -65_536, -65_537, i32::MIN,
        ];
        for page_number in [0usize, 23, 24, 70_000, 5_000_000_000] {
            for locs in [vec![], edges.to_vec(), (0..300).collect::<Vec<i32>>()] {
                let meta_locs: Vec<i32> = locs.iter().rev().map(|l| l.wrapping_mul(3)).collect();
                let ours = minicbor::to_vec(PackedPage {
                    page_number,
                    locs: locs.clone(),
                    meta_locs: meta_locs.clone(),
                })
                .unwrap();
                let derived = minicbor::to_vec(DerivedPackedPage {
                    page_number,
                    locs,
                    meta_locs,
                })
                .unwrap();
                assert_eq!(ours, derived);
            }
        }
    }
}
