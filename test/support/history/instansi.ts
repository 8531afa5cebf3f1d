import type { FungsionalLevel, PositionKind, UnitKind } from '@asn/domain';
import type { Rng } from './rng';

export interface UnitPlan {
  id: string;
  name: string;
  kind: UnitKind;
  parentId?: string;
  /** The top-level OPD the unit belongs to (itself for an OPD). */
  opd: string;
}

export interface PositionPlan {
  id: string;
  unitId: string;
  opd: string;
  title: string;
  kind: PositionKind;
  level?: FungsionalLevel;
  kebutuhan: number;
}

export interface InstansiPlan {
  code: string;
  name: string;
  units: UnitPlan[];
  positions: PositionPlan[];
}

const DINAS = [
  ['dinkes', 'Dinas Kesehatan'],
  ['disdik', 'Dinas Pendidikan'],
  ['bkpp', 'Badan Kepegawaian, Pendidikan dan Pelatihan'],
  ['bappeda', 'Badan Perencanaan Pembangunan Daerah'],
  ['bpkad', 'Badan Pengelolaan Keuangan dan Aset Daerah'],
  ['bapenda', 'Badan Pendapatan Daerah'],
  ['dpu', 'Dinas Pekerjaan Umum'],
  ['disperkim', 'Dinas Perumahan dan Kawasan Permukiman'],
  ['dishub', 'Dinas Perhubungan'],
  ['dlh', 'Dinas Lingkungan Hidup'],
  ['dinsos', 'Dinas Sosial'],
  ['disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil'],
  ['dpmptsp', 'Dinas Penanaman Modal dan PTSP'],
  ['disnaker', 'Dinas Tenaga Kerja'],
  ['diskop', 'Dinas Koperasi dan Usaha Mikro'],
  ['disdag', 'Dinas Perdagangan'],
  ['disbudpar', 'Dinas Kebudayaan dan Pariwisata'],
  ['dispora', 'Dinas Kepemudaan dan Olahraga'],
  ['diskominfo', 'Dinas Komunikasi, Informatika, Statistik dan Persandian'],
  ['dispertan', 'Dinas Pertanian'],
  ['diskan', 'Dinas Perikanan'],
  ['dp3a', 'Dinas Pemberdayaan Perempuan dan Perlindungan Anak'],
  ['disarpus', 'Dinas Arsip dan Perpustakaan'],
  ['damkar', 'Dinas Pemadam Kebakaran'],
  ['satpolpp', 'Satuan Polisi Pamong Praja'],
  ['bpbd', 'Badan Penanggulangan Bencana Daerah'],
  ['kesbangpol', 'Badan Kesatuan Bangsa dan Politik'],
  ['inspektorat', 'Inspektorat'],
  ['setwan', 'Sekretariat DPRD'],
  ['rsud', 'RSUD K.R.M.T. Wongsonegoro'],
] as const;

const KECAMATAN = [
  'Banyumanik', 'Candisari', 'Gajahmungkur', 'Gayamsari', 'Genuk', 'Gunungpati', 'Mijen', 'Ngaliyan',
  'Pedurungan', 'Semarang Barat', 'Semarang Selatan', 'Semarang Tengah', 'Semarang Timur',
  'Semarang Utara', 'Tembalang', 'Tugu',
] as const; // prettier-ignore

const PELAKSANA_TITLES = [
  'Pengadministrasi Umum',
  'Pengelola Data',
  'Pengadministrasi Keuangan',
  'Pengelola Barang Milik Daerah',
  'Pengolah Data dan Informasi',
  'Penata Layanan Operasional',
  'Pengadministrasi Perkantoran',
];
const FUNGSIONAL_TITLES: [string, FungsionalLevel][] = [
  ['Analis Kebijakan Ahli Muda', 'AHLI_MUDA'],
  ['Perencana Ahli Pertama', 'AHLI_PERTAMA'],
  ['Pranata Komputer Ahli Pertama', 'AHLI_PERTAMA'],
  ['Analis SDM Aparatur Ahli Muda', 'AHLI_MUDA'],
  ['Arsiparis Terampil', 'TERAMPIL'],
  ['Auditor Ahli Madya', 'AHLI_MADYA'],
  ['Pranata Keuangan APBN Terampil', 'TERAMPIL'],
];

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/**
 * A Semarang-like instansi: Setda with asisten and bagian, ~30 dinas/badan with sekretariat, bidang and
 * seksi, puskesmas under Dinkes, schools under Disdik, 16 kecamatan with their kelurahan. The number of
 * schools and the kebutuhan of nonmanajerial posts scale so that positions ≈ employees / 5 and
 * kebutuhan ≈ 1.47 × employees (Semarang: ~15,000 ASN against ~22,000 needed).
 */
export function planInstansi(code: string, employees: number, rng: Rng): InstansiPlan {
  const units: UnitPlan[] = [];
  const positions: PositionPlan[] = [];
  const unit = (u: UnitPlan): UnitPlan => (units.push(u), u);
  const post = (
    u: UnitPlan,
    suffix: string,
    title: string,
    kind: PositionKind,
    kebutuhan = 1,
    level?: FungsionalLevel,
  ): void => {
    positions.push({ id: `${u.id}.${suffix}`, unitId: u.id, opd: u.opd, title, kind, level, kebutuhan });
  };
  const staff = (u: UnitPlan, count: number): void => {
    for (let i = 0; i < count; i++) {
      if (rng.chance(0.6)) {
        post(u, `p${i + 1}`, rng.pick(PELAKSANA_TITLES), 'PELAKSANA', rng.int(2, 6));
      } else {
        const [title, level] = rng.pick(FUNGSIONAL_TITLES);
        post(u, `f${i + 1}`, title, 'FUNGSIONAL', rng.int(1, 4), level);
      }
    }
  };

  // Sekretariat Daerah: Sekda, three asisten, nine bagian with their subbagian.
  const setda = unit({ id: 'setda', name: 'Sekretariat Daerah', kind: 'OPD', opd: 'setda' });
  post(setda, 'sekda', 'Sekretaris Daerah', 'JPT_PRATAMA');
  for (let a = 1; a <= 3; a++) {
    const asisten = unit({
      id: `setda-as${a}`,
      name: `Asisten ${a}`,
      kind: 'OTHER',
      parentId: setda.id,
      opd: 'setda',
    });
    post(asisten, 'asisten', `Asisten ${a} Sekretaris Daerah`, 'JPT_PRATAMA');
    for (let b = 1; b <= 3; b++) {
      const bagian = unit({
        id: `${asisten.id}-bag${b}`,
        name: `Bagian ${a}.${b}`,
        kind: 'BIDANG',
        parentId: asisten.id,
        opd: 'setda',
      });
      post(bagian, 'kabag', `Kepala Bagian ${a}.${b}`, 'ADMINISTRATOR');
      for (let s = 1; s <= 2; s++) {
        const sub = unit({
          id: `${bagian.id}-sub${s}`,
          name: `Subbagian ${a}.${b}.${s}`,
          kind: 'SEKSI',
          parentId: bagian.id,
          opd: 'setda',
        });
        post(sub, 'kasubbag', `Kepala Subbagian ${a}.${b}.${s}`, 'PENGAWAS');
        staff(sub, 2);
      }
    }
  }

  for (const [id, name] of DINAS) {
    const opd = unit({ id, name, kind: 'OPD', opd: id });
    post(opd, 'kepala', `Kepala ${name}`, 'JPT_PRATAMA');
    const sekretariat = unit({
      id: `${id}-sekr`,
      name: `Sekretariat ${name}`,
      kind: 'BIDANG',
      parentId: id,
      opd: id,
    });
    post(sekretariat, 'sekretaris', `Sekretaris ${name}`, 'ADMINISTRATOR');
    for (const [s, sub] of ['Umum dan Kepegawaian', 'Keuangan', 'Program'].entries()) {
      const u = unit({
        id: `${sekretariat.id}-sub${s + 1}`,
        name: `Subbagian ${sub}`,
        kind: 'SEKSI',
        parentId: sekretariat.id,
        opd: id,
      });
      post(u, 'kasubbag', `Kepala Subbagian ${sub}`, 'PENGAWAS');
      staff(u, 3);
    }
    const bidang = rng.int(3, 5);
    for (let b = 1; b <= bidang; b++) {
      const bid = unit({
        id: `${id}-bid${b}`,
        name: `Bidang ${b} ${name}`,
        kind: 'BIDANG',
        parentId: id,
        opd: id,
      });
      post(bid, 'kabid', `Kepala Bidang ${b}`, 'ADMINISTRATOR');
      const seksi = rng.int(2, 3);
      for (let s = 1; s <= seksi; s++) {
        const si = unit({
          id: `${bid.id}-si${s}`,
          name: `Seksi ${b}.${s}`,
          kind: 'SEKSI',
          parentId: bid.id,
          opd: id,
        });
        post(si, 'kasi', `Kepala Seksi ${b}.${s}`, 'PENGAWAS');
        staff(si, rng.int(2, 4));
      }
    }
  }

  // 37 puskesmas (UPTD of Dinkes).
  for (let p = 1; p <= 37; p++) {
    const pkm = unit({
      id: `pkm${pad(p)}`,
      name: `Puskesmas ${pad(p)}`,
      kind: 'UPTD',
      parentId: 'dinkes',
      opd: 'dinkes',
    });
    post(pkm, 'kepala', `Kepala Puskesmas ${pad(p)}`, 'PENGAWAS');
    post(pkm, 'dokter', 'Dokter Ahli Pertama', 'FUNGSIONAL', rng.int(3, 6), 'AHLI_PERTAMA');
    post(pkm, 'dokter-muda', 'Dokter Ahli Muda', 'FUNGSIONAL', rng.int(1, 3), 'AHLI_MUDA');
    post(pkm, 'perawat', 'Perawat Terampil', 'FUNGSIONAL', rng.int(6, 14), 'TERAMPIL');
    post(pkm, 'perawat-ahli', 'Perawat Ahli Pertama', 'FUNGSIONAL', rng.int(2, 5), 'AHLI_PERTAMA');
    post(pkm, 'bidan', 'Bidan Terampil', 'FUNGSIONAL', rng.int(4, 9), 'TERAMPIL');
    post(pkm, 'apoteker', 'Apoteker Ahli Pertama', 'FUNGSIONAL', rng.int(1, 2), 'AHLI_PERTAMA');
    post(pkm, 'sanitarian', 'Sanitarian Terampil', 'FUNGSIONAL', rng.int(1, 2), 'TERAMPIL');
    post(pkm, 'adm', 'Pengadministrasi Umum', 'PELAKSANA', rng.int(2, 5));
  }

  // Kecamatan and kelurahan (Semarang: 16 kecamatan, 177 kelurahan).
  let kelurahan = 0;
  for (const [k, kname] of KECAMATAN.entries()) {
    const kec = unit({
      id: `kec-${slug(kname)}`,
      name: `Kecamatan ${kname}`,
      kind: 'KECAMATAN',
      opd: `kec-${slug(kname)}`,
    });
    post(kec, 'camat', `Camat ${kname}`, 'ADMINISTRATOR');
    post(kec, 'sekcam', `Sekretaris Kecamatan ${kname}`, 'ADMINISTRATOR');
    for (const [s, sname] of [
      'Pemerintahan',
      'Ketentraman',
      'Pembangunan',
      'Kesejahteraan Sosial',
    ].entries()) {
      const si = unit({
        id: `${kec.id}-si${s + 1}`,
        name: `Seksi ${sname}`,
        kind: 'SEKSI',
        parentId: kec.id,
        opd: kec.id,
      });
      post(si, 'kasi', `Kepala Seksi ${sname} ${kname}`, 'PENGAWAS');
      staff(si, 2);
    }
    const count = k < 1 ? 12 : 11; // 12 + 15 × 11 = 177
    for (let l = 1; l <= count; l++) {
      kelurahan++;
      const kel = unit({
        id: `${kec.id}-kel${pad(l)}`,
        name: `Kelurahan ${kname} ${l}`,
        kind: 'KELURAHAN',
        parentId: kec.id,
        opd: kec.id,
      });
      post(kel, 'lurah', `Lurah ${kname} ${l}`, 'PENGAWAS');
      post(kel, 'sekkel', `Sekretaris Kelurahan ${kname} ${l}`, 'PENGAWAS');
      post(kel, 'kasi1', `Kasi Pemerintahan ${kname} ${l}`, 'PENGAWAS');
      post(kel, 'adm', 'Pengadministrasi Umum', 'PELAKSANA', rng.int(2, 4));
      post(kel, 'data', 'Pengelola Data Kependudukan', 'PELAKSANA', rng.int(1, 2));
    }
  }

  // Schools (UPTD of Disdik) make up the rest of the ~employees/5 positions.
  const targetPositions = Math.round(employees / 5);
  let school = 0;
  while (positions.length < targetPositions) {
    school++;
    const smp = school % 6 === 0;
    const s = unit({
      id: `${smp ? 'smp' : 'sd'}${pad(school, 3)}`,
      name: `${smp ? 'SMP' : 'SD'} Negeri ${school}`,
      kind: 'UPTD',
      parentId: 'disdik',
      opd: 'disdik',
    });
    post(s, 'guru', 'Guru Ahli Pertama', 'FUNGSIONAL', rng.int(6, 14), 'AHLI_PERTAMA');
    post(s, 'guru-muda', 'Guru Ahli Muda', 'FUNGSIONAL', rng.int(3, 7), 'AHLI_MUDA');
    post(s, 'adm', 'Pengadministrasi Sekolah', 'PELAKSANA', rng.int(1, 3));
  }

  // Scale nonmanajerial kebutuhan to ~1.47 × employees.
  const fixed = positions.filter((p) => p.kind !== 'PELAKSANA' && p.kind !== 'FUNGSIONAL').length;
  const flexible = positions.filter((p) => p.kind === 'PELAKSANA' || p.kind === 'FUNGSIONAL');
  const want = Math.max(employees * 1.47 - fixed, flexible.length);
  const have = flexible.reduce((sum, p) => sum + p.kebutuhan, 0);
  for (const p of flexible) p.kebutuhan = Math.max(1, Math.round((p.kebutuhan * want) / have));
  void kelurahan;
  return { code, name: code === '3374' ? 'Kota Semarang' : `Instansi ${code}`, units, positions };
}
