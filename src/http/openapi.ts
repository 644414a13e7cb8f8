import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/**
 * The OpenAPI documents and the API reference page. Routes describe themselves (summary,
 * description, tags, schemas); this file decides which document shows which route:
 * - the public document: the API that agencies' applications integrate with;
 * - the console document: the consoles' JSON API (Dukcapil's administration and agency
 *   heads' own affairs), which no agency application needs;
 * - neither: the portal's HTML pages, which are not an API.
 */
export const PUBLIC_DOCUMENT_PATH = '/api/v1/openapi.json';
export const CONSOLE_DOCUMENT_PATH = '/api/v1/konsol/openapi.json';
export const API_REFERENCE_PATH = '/api/v1/dokumentasi';

/**
 * What agencies' applications call: token, NIK lookup and return data (SPEC §8), and the
 * national web service's paths their existing clients call unchanged (SPEC §9).
 */
const PUBLIC_API: readonly RegExp[] = [
  /^\/api\/v1\/auth\//,
  /^\/api\/v1\/oauth\//,
  /^\/api\/v1\/nik\//,
  /^\/api\/v1\/data-balikan$/,
  /^\/dukcapil\/databalikan\//,
  /^\/dukcapil\/get_json\//,
];

const isPublicApi = (path: string) => PUBLIC_API.some((pattern) => pattern.test(path));
const isConsoleApi = (path: string) => path.startsWith('/api/') && !isPublicApi(path);

const PUBLIC_DESCRIPTION = `API Gerbang bagi aplikasi instansi pengguna yang telah menandatangani Perjanjian Kerja Sama (PKS) dengan Dinas Kependudukan dan Pencatatan Sipil Kabupaten Purbalingga.

**Autentikasi.** Minta token dengan user ID dan kata sandi (\`POST /api/v1/auth/token\`), lalu kirim token itu pada setiap permintaan sebagai \`Authorization: Bearer <token>\`. Token berlaku selama \`expiresIn\` detik; cabut dengan \`POST /api/v1/auth/revoke\` bila tidak dipakai lagi.

**Aplikasi (web service).** Metode web service terbuka hanya bila PKS instansi memberikannya melalui adendum atas permohonan perubahan metode akses, dan hanya bagi aplikasi terdaftar yang lulus PoC-nya sendiri. Aplikasi meminta token singkat dengan client ID dan client secret-nya (\`POST /api/v1/oauth/token\`, OAuth 2.0 client credentials) dan pada setiap panggilan menyebut operator yang dilayaninya pada header \`X-Gerbang-Operator: <user ID>\` (pengguna aktif instansi itu yang telah menandatangani NDA); log audit mencatat operator dan aplikasinya. Token pengguna dan klien layanan nasional (user ID dan kata sandi) tetap dapat dipakai dari titik akses aplikasi yang lulus PoC. Tanpa aplikasi yang lulus PoC: 403 APLIKASI_BELUM_POC.

**Titik akses dan kuota.** Permintaan hanya dilayani dari alamat IP titik akses yang tercantum dalam PKS. Setiap verifikasi NIK yang lolos login dan format NIK dihitung dalam kuota harian instansi (hari menurut WIB); jawaban verifikasi menyertakan sisa kuota.

**Jawaban.** Setiap jawaban membawa \`code\` (kode respons) dan \`message\` dalam Bahasa Indonesia. Hanya elemen data yang diberikan PKS yang dikirim.

**Data balikan.** Instansi mengirim data balikan melalui \`POST /api/v1/data-balikan\`; klien layanan web nasional yang sudah ada dapat tetap memakai \`POST /dukcapil/databalikan/store\` tanpa perubahan selain alamatnya.`;

const CONSOLE_DESCRIPTION = `API JSON konsol Gerbang: administrasi Disdukcapil (pengguna, instansi, PKS, permohonan, tenggat) dan urusan instansi sendiri bagi kepala instansi. Aplikasi instansi tidak memerlukannya; API untuk aplikasi instansi dijelaskan di \`${PUBLIC_DOCUMENT_PATH}\`.`;

const TAGS = [
  { name: 'Autentikasi', description: 'Token akses (bearer) bagi aplikasi instansi' },
  {
    name: 'Verifikasi',
    description: 'Verifikasi penduduk berdasarkan NIK, dalam batas elemen data dan kuota PKS',
  },
  {
    name: 'Data balikan',
    description: 'Pengiriman data balikan (hasil pemanfaatan data kependudukan) kepada Disdukcapil',
  },
  {
    name: 'Layanan nasional',
    description:
      'Alamat dan bentuk layanan web kependudukan nasional, bagi aplikasi instansi yang sudah memakainya (cukup mengganti alamat)',
  },
];

/** Indonesian descriptions of the answers whose schema carries none. */
const STATUS_DESCRIPTIONS: Readonly<Record<string, string>> = {
  200: 'Berhasil',
  201: 'Dibuat',
  204: 'Berhasil, tanpa isi',
  400: 'Permintaan tidak sah',
  401: 'Login gagal atau token tidak berlaku',
  403: 'Ditolak',
  404: 'Tidak ditemukan',
  409: 'Bertentangan dengan keadaan data',
  413: 'Permintaan terlalu besar',
  422: 'Tidak dapat diproses',
  429: 'Kuota habis atau terlalu banyak permintaan',
  500: 'Gangguan server',
};

type Json = Record<string, unknown>;
interface Document extends Json {
  info: Json;
  paths?: Record<string, Record<string, Json>>;
  tags?: { name: string }[];
  components?: { schemas?: Record<string, unknown> } & Json;
}

/** The names of the component schemas that `value` refers to. */
function referencedSchemas(value: unknown, found: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) referencedSchemas(item, found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const prefix = '#/components/schemas/';
      if (key === '$ref' && typeof item === 'string' && item.startsWith(prefix)) {
        found.add(item.slice(prefix.length));
      } else referencedSchemas(item, found);
    }
  }
}

/**
 * The part of the generated document whose paths `keep` accepts, with only the tags and
 * component schemas those paths use, and Indonesian descriptions on every answer.
 */
function documentOf(full: Document, keep: (path: string) => boolean, info: Json): Document {
  const paths = structuredClone(
    Object.fromEntries(Object.entries(full.paths ?? {}).filter(([path]) => keep(path))),
  );
  const tags = new Set<string>();
  for (const operations of Object.values(paths)) {
    for (const operation of Object.values(operations)) {
      for (const tag of (operation.tags as string[] | undefined) ?? []) tags.add(tag);
      const responses = (operation.responses ?? {}) as Record<string, { description?: string }>;
      for (const [status, response] of Object.entries(responses)) {
        if (!response.description || response.description === 'Default Response') {
          response.description = STATUS_DESCRIPTIONS[status] ?? 'Jawaban';
        }
      }
    }
  }
  // Component schemas used by the kept paths, and those they use in turn.
  const all = full.components?.schemas ?? {};
  const used = new Set<string>();
  referencedSchemas(paths, used);
  for (let size = -1; size !== used.size;) {
    size = used.size;
    for (const name of [...used]) referencedSchemas(all[name], used);
  }
  return {
    ...full,
    info: { ...full.info, ...info },
    paths,
    tags: (full.tags ?? []).filter((tag) => tags.has(tag.name)),
    components: {
      ...full.components,
      schemas: Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name))),
    },
  };
}

/**
 * A route whose body its own parser reads (the national service's, which takes JSON, a form
 * or nothing) declares the body and query it documents as `documentedBody` and
 * `documentedQuerystring`: described in the document, not validated by Fastify.
 */
function documented<T extends object>(schema: T): T {
  const { documentedBody, documentedQuerystring, ...rest } = schema as T & {
    documentedBody?: unknown;
    documentedQuerystring?: unknown;
  };
  if (documentedBody === undefined) return schema;
  return { ...rest, body: documentedBody, querystring: documentedQuerystring } as T;
}

/** @fastify/swagger, collecting every route registered after it; call before the routes. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gerbang — API verifikasi NIK',
        version: '1.0.0',
        description: PUBLIC_DESCRIPTION,
      },
      tags: TAGS,
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    // The portal's pages are not an API: they are in neither document.
    transform: ({ schema, url }) => ({
      schema:
        isPublicApi(url) || isConsoleApi(url) ? documented(schema) : { ...schema, hide: true },
      url,
    }),
  });
}

/**
 * The two documents and the reference page (Swagger UI, served from the package: no CDN).
 * Register after the hooks that apply to every route: it adds its own for its files.
 */
export const apiDocumentationRoutes: FastifyPluginAsync = async (app) => {
  let documents: { public: Document; console: Document } | undefined;
  const generated = () => {
    const full = app.swagger() as unknown as Document;
    documents ??= {
      public: documentOf(full, isPublicApi, {}),
      console: documentOf(full, isConsoleApi, {
        title: 'Gerbang — API konsol',
        description: CONSOLE_DESCRIPTION,
      }),
    };
    return documents;
  };
  const publicRoute = { schema: { hide: true }, config: { permission: 'public' as const } };
  app.get(PUBLIC_DOCUMENT_PATH, publicRoute, async () => generated().public);
  app.get(CONSOLE_DOCUMENT_PATH, publicRoute, async () => generated().console);

  await app.register(async (reference) => {
    // Swagger UI's page says lang="en" whatever its content; this page is in Indonesian.
    reference.addHook('onSend', async (request, reply, payload) => {
      if (typeof payload === 'string' && payload.includes('<html lang="en">')) {
        return payload.replace('<html lang="en">', '<html lang="id">');
      }
      // Its script and stylesheet (1.5 MB) change only with the package: let browsers keep them.
      if (request.url.startsWith(`${API_REFERENCE_PATH}/static/`)) {
        reply.header('cache-control', 'public, max-age=86400');
        reply.removeHeader('pragma');
      }
      return payload;
    });
    await reference.register(swaggerUi, {
      routePrefix: API_REFERENCE_PATH,
      theme: { title: 'Dokumentasi API Gerbang' },
      // The page shows the public document only (its /json and /yaml too).
      transformSpecification: () => generated().public,
      transformSpecificationClone: false,
      uiConfig: {
        // No top bar: it would offer to load any address's document into this page.
        layout: 'BaseLayout',
        deepLinking: true,
        docExpansion: 'list',
        defaultModelsExpandDepth: 0,
        displayRequestDuration: true,
      },
    });
  });
};
